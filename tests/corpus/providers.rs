//! Provider credentials, built as a public prefix plus a random body in each vendor's format,
//! and private keys (PEM). Only prefixes appear in this file.

use super::gen::Gen;

/// One provider format: an id (the corpus case name), the variable name a project would use,
/// and the generator.
pub struct Provider {
    pub id: &'static str,
    pub var: &'static str,
    pub make: fn(&mut Gen) -> String,
    /// The format is only recognisable next to the provider's name (32 hex characters, a
    /// UUID...): `prefixed_token` leaves it out.
    pub needs_name: bool,
}

pub fn aws_pair(g: &mut Gen) -> (String, String) {
    (aws_key_id(g), aws_secret(g))
}

fn aws_key_id(g: &mut Gen) -> String {
    let prefix = g.pick(&["AKIA", "AKIA", "ASIA"]);
    format!("{prefix}{}", g.s("b32", 16))
}

fn aws_secret(g: &mut Gen) -> String {
    g.s("b64", 40)
}

fn aws_session(g: &mut Gen) -> String {
    // Session tokens start with the base64 of a fixed binary header.
    format!("IQoJb3JpZ2luX2Vj{}", g.s_in("b64", 300, 420))
}

pub fn stripe_secret(g: &mut Gen) -> String {
    let p = g.pick(&["sk_live_", "sk_live_", "rk_live_"]);
    let len = if g.chance(50) { 24 } else { 99 };
    format!("{p}{}", g.alnum(len))
}

fn stripe_test(g: &mut Gen) -> String {
    let len = if g.chance(50) { 24 } else { 99 };
    format!("sk_test_{}", g.alnum(len))
}

fn stripe_webhook(g: &mut Gen) -> String {
    format!("whsec_{}", g.alnum(32))
}

pub fn google_client_secret(g: &mut Gen) -> String {
    format!("GOCSPX-{}", g.s("b64url", 28))
}

fn github_pat(g: &mut Gen) -> String {
    g.t("ghp_<<crc32-base62:30>>")
}

fn github_oauth(g: &mut Gen) -> String {
    g.t("gho_<<crc32-base62:30>>")
}

fn github_app(g: &mut Gen) -> String {
    let p = g.pick(&["ghs_", "ghu_"]);
    format!("{p}{}", g.t("<<crc32-base62:30>>"))
}

fn github_refresh(g: &mut Gen) -> String {
    g.t("ghr_<<crc32-base62:30>>")
}

fn github_fine_grained(g: &mut Gen) -> String {
    format!("github_pat_{}_{}", g.alnum(22), g.alnum(59))
}

fn gitlab(g: &mut Gen) -> String {
    if g.chance(50) {
        format!("glpat-{}", g.s("b64url", 20))
    } else {
        g.t("<<gitlab-routable:glpat->>")
    }
}

fn gitlab_trigger(g: &mut Gen) -> String {
    g.t("glptt-<<hex:40>>")
}

fn gitlab_runner(g: &mut Gen) -> String {
    if g.chance(50) {
        format!("glrt-{}", g.s("b64url", 20))
    } else {
        g.t("<<gitlab-routable:glrt-t1_>>")
    }
}

fn gitlab_other(g: &mut Gen) -> String {
    match g.below(6) {
        0 => format!("gloas-{}", g.hex(64)),
        1 => format!("glagent-{}", g.s("b64url", 50)),
        2 => format!("glcbt-{}_{}", g.hex(2), g.s("b64url", 20)),
        3 => format!("GR1348941{}", g.s("b64url", 20)),
        4 => format!("glft-{}", g.s("b64url", 20)),
        _ => g.t("<<gitlab-routable:glsoat->>"),
    }
}

fn npm_legacy(g: &mut Gen) -> String {
    g.uuid()
}

fn vault_legacy(g: &mut Gen) -> String {
    format!("s.{}", g.alnum(24))
}

fn sentry_org(g: &mut Gen) -> String {
    format!("sntrys_eyJ{}_{}", g.s_in("b64", 120, 200), g.s("b64", 43))
}

fn gitlab_deploy(g: &mut Gen) -> String {
    format!("gldt-{}", g.s("b64url", 20))
}

fn slack_bot(g: &mut Gen) -> String {
    let p = g.pick(&["xoxb", "xoxb", "xoxp"]);
    let a = g.digits_in(10, 13);
    let b = g.digits_in(10, 13);
    format!("{p}-{a}-{b}-{}", g.alnum(24))
}

fn slack_config(g: &mut Gen) -> String {
    if g.chance(50) {
        let p = g.pick(&["xoxe.xoxp-1-", "xoxe.xoxb-1-"]);
        format!("{p}Mi0y{}", g.alnum(160))
    } else {
        format!("xoxe-1-My0x{}", g.alnum(138))
    }
}

fn slack_app(g: &mut Gen) -> String {
    let app = format!("A0{}", g.s("upper", 9));
    format!("xapp-1-{app}-{}-{}", g.digits(13), g.hex(64))
}

pub fn slack_webhook(g: &mut Gen) -> String {
    let t = format!("T{}", g.s("upper", 8));
    let b = format!("B{}", g.s("upper", 10));
    format!("https://hooks.slack.com/services/{t}/{b}/{}", g.alnum(24))
}

fn google_api(g: &mut Gen) -> String {
    format!("AIza{}", g.s("b64url", 35))
}

pub fn openai(g: &mut Gen) -> String {
    match g.below(3) {
        0 => format!("sk-{}T3BlbkFJ{}", g.alnum(20), g.alnum(20)),
        1 => format!("sk-proj-{}", g.s("b64url", 156)),
        _ => format!("sk-svcacct-{}", g.s("b64url", 120)),
    }
}

fn anthropic(g: &mut Gen) -> String {
    format!("sk-ant-api03-{}AA", g.s("b64url", 93))
}

fn anthropic_admin(g: &mut Gen) -> String {
    format!("sk-ant-admin01-{}AA", g.s("b64url", 93))
}

pub fn huggingface(g: &mut Gen) -> String {
    format!("hf_{}", g.s("alpha", 34))
}

pub fn wandb(g: &mut Gen) -> String {
    g.hex(40)
}

fn sendgrid(g: &mut Gen) -> String {
    format!("SG.{}.{}", g.s("b64url", 22), g.s("b64url", 43))
}

fn twilio_api_key(g: &mut Gen) -> String {
    format!("SK{}", g.hex(32))
}

fn twilio_auth(g: &mut Gen) -> String {
    g.hex(32)
}

fn npm(g: &mut Gen) -> String {
    g.t("npm_<<crc32-base62:30>>")
}

pub fn pypi(g: &mut Gen) -> String {
    g.t("<<pypi-macaroon:pypi.org>>")
}

fn mailgun(g: &mut Gen) -> String {
    format!("key-{}", g.hex(32))
}

fn mailchimp(g: &mut Gen) -> String {
    format!("{}-us{}", g.hex(32), g.range(1, 21))
}

fn discord_bot(g: &mut Gen) -> String {
    let digits = g.pick(&["18", "18", "19"]);
    g.t(&format!("<<discord-bot-token:{digits}>>"))
}

fn discord_webhook(g: &mut Gen) -> String {
    format!(
        "https://discord.com/api/webhooks/{}/{}",
        g.digits(18),
        g.s("b64url", 68)
    )
}

fn telegram_bot(g: &mut Gen) -> String {
    format!("{}:AA{}", g.digits(10), g.s("b64url", 33))
}

pub fn npm_token(g: &mut Gen) -> String {
    npm(g)
}

fn shopify(g: &mut Gen) -> String {
    let p = g.pick(&["shpat_", "shpss_", "shpca_"]);
    format!("{p}{}", g.hex(32))
}

fn digitalocean(g: &mut Gen) -> String {
    format!("dop_v1_{}", g.hex(64))
}

fn postman(g: &mut Gen) -> String {
    format!("PMAK-{}-{}", g.hex(24), g.hex(34))
}

fn doppler(g: &mut Gen) -> String {
    let p = g.pick(&["dp.pt.", "dp.st.prd.", "dp.sa."]);
    format!("{p}{}", g.alnum(43))
}

fn linear(g: &mut Gen) -> String {
    g.t("lin_api_<<alnum:40>>")
}

fn atlassian(g: &mut Gen) -> String {
    format!("ATATT3{}={}", g.s("b64url", 177), g.s("HEX", 8))
}

fn datadog(g: &mut Gen) -> String {
    g.hex(32)
}

fn heroku_uuid(g: &mut Gen) -> String {
    g.uuid()
}

fn heroku_v2(g: &mut Gen) -> String {
    format!("HRKU-AA{}", g.s("b64url", 58))
}

fn square_access(g: &mut Gen) -> String {
    if g.chance(50) {
        format!("EAAA{}", g.s("b64url", 60))
    } else {
        format!("sq0atp-{}", g.s("b64url", 22))
    }
}

fn square_oauth(g: &mut Gen) -> String {
    format!("sq0csp-{}", g.s("b64url", 43))
}

fn azure_storage(g: &mut Gen) -> String {
    let key = Gen::base64(&g.bytes(64));
    format!("DefaultEndpointsProtocol=https;AccountName=acme{};AccountKey={key};EndpointSuffix=core.windows.net", g.s("lalnum", 6))
}

fn azure_shared(g: &mut Gen) -> String {
    let key = Gen::base64(&g.bytes(32));
    format!("Endpoint=sb://acme-{}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}", g.s("lalnum", 6))
}

fn azure_sas(g: &mut Gen) -> String {
    let sig = Gen::base64(&g.bytes(32))
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    format!("https://acme{}.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T00:00:00Z&spr=https&sig={sig}", g.s("lalnum", 6))
}

fn jwt(g: &mut Gen) -> String {
    g.jwt()
}

fn age(g: &mut Gen) -> String {
    const A: &[u8] = b"023456789ACDEFGHJKLMNPQRSTUVWXYZ";
    let body: String = (0..58).map(|_| A[g.below(A.len())] as char).collect();
    format!("AGE-SECRET-KEY-1{body}")
}

fn vault(g: &mut Gen) -> String {
    format!("hvs.{}", g.s_in("b64url", 90, 180))
}

fn grafana(g: &mut Gen) -> String {
    format!("glsa_{}_{}", g.alnum(32), g.hex(8))
}

fn sentry_user(g: &mut Gen) -> String {
    g.t("sntryu_<<hex:64>>")
}

/// One generator per provider rule id of `rules/providers.yaml` (the PEM and PuTTY key files
/// are generated by `web::key_files`).
pub const PROVIDERS: &[Provider] = &[
    Provider {
        id: "aws-access-key-id",
        var: "aws_access_key_id",
        needs_name: false,
        make: aws_key_id,
    },
    Provider {
        id: "aws-secret-access-key",
        var: "aws_secret_access_key",
        needs_name: true,
        make: aws_secret,
    },
    Provider {
        id: "aws-session-token",
        var: "aws_session_token",
        needs_name: true,
        make: aws_session,
    },
    Provider {
        id: "github-pat",
        var: "github_token",
        needs_name: false,
        make: github_pat,
    },
    Provider {
        id: "github-oauth-token",
        var: "gh_oauth_token",
        needs_name: false,
        make: github_oauth,
    },
    Provider {
        id: "github-app-token",
        var: "gh_app_installation_token",
        needs_name: false,
        make: github_app,
    },
    Provider {
        id: "github-refresh-token",
        var: "gh_refresh_token",
        needs_name: false,
        make: github_refresh,
    },
    Provider {
        id: "github-fine-grained-pat",
        var: "gh_pat",
        needs_name: false,
        make: github_fine_grained,
    },
    Provider {
        id: "gitlab-pat",
        var: "gitlab_token",
        needs_name: false,
        make: gitlab,
    },
    Provider {
        id: "gitlab-pipeline-trigger-token",
        var: "trigger_token",
        needs_name: false,
        make: gitlab_trigger,
    },
    Provider {
        id: "gitlab-runner-token",
        var: "runner_token",
        needs_name: false,
        make: gitlab_runner,
    },
    Provider {
        id: "gitlab-deploy-token",
        var: "deploy_token",
        needs_name: false,
        make: gitlab_deploy,
    },
    Provider {
        id: "gitlab-token",
        var: "gitlab_agent_token",
        needs_name: false,
        make: gitlab_other,
    },
    Provider {
        id: "slack-token",
        var: "slack_bot_token",
        needs_name: false,
        make: slack_bot,
    },
    Provider {
        id: "slack-config-token",
        var: "slack_config_token",
        needs_name: false,
        make: slack_config,
    },
    Provider {
        id: "slack-app-token",
        var: "slack_app_token",
        needs_name: false,
        make: slack_app,
    },
    Provider {
        id: "slack-webhook-url",
        var: "slack_webhook",
        needs_name: false,
        make: slack_webhook,
    },
    Provider {
        id: "stripe-live-secret-key",
        var: "stripe_api_key",
        needs_name: false,
        make: stripe_secret,
    },
    Provider {
        id: "stripe-test-secret-key",
        var: "stripe_test_key",
        needs_name: false,
        make: stripe_test,
    },
    Provider {
        id: "stripe-webhook-secret",
        var: "stripe_endpoint_secret",
        needs_name: false,
        make: stripe_webhook,
    },
    Provider {
        id: "google-api-key",
        var: "google_maps_key",
        needs_name: false,
        make: google_api,
    },
    Provider {
        id: "google-oauth-client-secret",
        var: "google_client_secret",
        needs_name: false,
        make: google_client_secret,
    },
    Provider {
        id: "openai-api-key",
        var: "openai_api_key",
        needs_name: false,
        make: openai,
    },
    Provider {
        id: "anthropic-api-key",
        var: "anthropic_api_key",
        needs_name: false,
        make: anthropic,
    },
    Provider {
        id: "anthropic-admin-key",
        var: "anthropic_admin_key",
        needs_name: false,
        make: anthropic_admin,
    },
    Provider {
        id: "huggingface-token",
        var: "hf_token",
        needs_name: false,
        make: huggingface,
    },
    Provider {
        id: "wandb-api-key",
        var: "wandb_api_key",
        needs_name: false,
        make: wandb,
    },
    Provider {
        id: "sendgrid-api-key",
        var: "sendgrid_api_key",
        needs_name: false,
        make: sendgrid,
    },
    Provider {
        id: "twilio-api-key",
        var: "twilio_api_key",
        needs_name: true,
        make: twilio_api_key,
    },
    Provider {
        id: "twilio-auth-token",
        var: "twilio_auth_token",
        needs_name: true,
        make: twilio_auth,
    },
    Provider {
        id: "mailgun-api-key",
        var: "mailgun_api_key",
        needs_name: true,
        make: mailgun,
    },
    Provider {
        id: "mailchimp-api-key",
        var: "mailchimp_api_key",
        needs_name: false,
        make: mailchimp,
    },
    Provider {
        id: "discord-bot-token",
        var: "discord_bot_token",
        needs_name: true,
        make: discord_bot,
    },
    Provider {
        id: "discord-webhook-url",
        var: "discord_webhook_url",
        needs_name: false,
        make: discord_webhook,
    },
    Provider {
        id: "telegram-bot-token",
        var: "telegram_bot_token",
        needs_name: false,
        make: telegram_bot,
    },
    Provider {
        id: "npm-access-token",
        var: "npm_token",
        needs_name: false,
        make: npm,
    },
    Provider {
        id: "npm-legacy-token",
        var: "npm_token",
        needs_name: true,
        make: npm_legacy,
    },
    Provider {
        id: "pypi-upload-token",
        var: "pypi_token",
        needs_name: false,
        make: pypi,
    },
    Provider {
        id: "shopify-token",
        var: "shopify_access_token",
        needs_name: false,
        make: shopify,
    },
    Provider {
        id: "digitalocean-token",
        var: "do_token",
        needs_name: false,
        make: digitalocean,
    },
    Provider {
        id: "postman-api-key",
        var: "postman_api_key",
        needs_name: false,
        make: postman,
    },
    Provider {
        id: "doppler-token",
        var: "doppler_token",
        needs_name: false,
        make: doppler,
    },
    Provider {
        id: "linear-api-key",
        var: "linear_api_key",
        needs_name: false,
        make: linear,
    },
    Provider {
        id: "atlassian-api-token",
        var: "jira_api_token",
        needs_name: false,
        make: atlassian,
    },
    Provider {
        id: "datadog-api-key",
        var: "dd_api_key",
        needs_name: true,
        make: datadog,
    },
    Provider {
        id: "heroku-api-key",
        var: "heroku_api_key",
        needs_name: true,
        make: heroku_uuid,
    },
    Provider {
        id: "heroku-api-key-v2",
        var: "heroku_token",
        needs_name: false,
        make: heroku_v2,
    },
    Provider {
        id: "square-access-token",
        var: "square_access_token",
        needs_name: false,
        make: square_access,
    },
    Provider {
        id: "square-oauth-secret",
        var: "square_application_secret",
        needs_name: false,
        make: square_oauth,
    },
    Provider {
        id: "azure-storage-account-key",
        var: "azure_storage_connection_string",
        needs_name: true,
        make: azure_storage,
    },
    Provider {
        id: "azure-shared-access-key",
        var: "service_bus_connection",
        needs_name: true,
        make: azure_shared,
    },
    Provider {
        id: "azure-sas-token",
        var: "export_container_url",
        needs_name: false,
        make: azure_sas,
    },
    Provider {
        id: "jwt",
        var: "service_jwt",
        needs_name: false,
        make: jwt,
    },
    Provider {
        id: "age-secret-key",
        var: "sops_age_key",
        needs_name: false,
        make: age,
    },
    Provider {
        id: "vault-token",
        var: "vault_token",
        needs_name: false,
        make: vault,
    },
    Provider {
        id: "vault-token-legacy",
        var: "vault_token",
        needs_name: true,
        make: vault_legacy,
    },
    Provider {
        id: "grafana-service-account-token",
        var: "grafana_token",
        needs_name: false,
        make: grafana,
    },
    Provider {
        id: "sentry-user-token",
        var: "sentry_auth_token",
        needs_name: false,
        make: sentry_user,
    },
    Provider {
        id: "sentry-org-token",
        var: "sentry_auth_token",
        needs_name: false,
        make: sentry_org,
    },
];

/// Every provider generator: this file's and those of the other provider rule files
/// (`providers_*.rs`, one per `rules/providers-*.yaml`).
pub fn every() -> Vec<&'static Provider> {
    PROVIDERS
        .iter()
        .chain(super::providers_infra::PROVIDERS)
        .chain(super::providers_saas::PROVIDERS)
        .chain(super::providers_dev::PROVIDERS)
        .chain(super::providers_more::PROVIDERS)
        .collect()
}

/// A random provider token and the variable name a project would give it.
pub fn any_token(g: &mut Gen) -> (&'static str, String) {
    let all = every();
    let p = all[g.below(all.len())];
    (p.var, (p.make)(g))
}

/// A token in a format that is recognisable without a telling variable name.
pub fn prefixed_token(g: &mut Gen) -> (&'static str, String) {
    let all = every();
    loop {
        let p = all[g.below(all.len())];
        if p.needs_name {
            continue;
        }
        return (p.var, (p.make)(g));
    }
}

/// Every provider, for a file that covers each format once.
pub fn all(g: &mut Gen) -> Vec<(&'static str, &'static str, String)> {
    every()
        .into_iter()
        .map(|p| (p.id, p.var, (p.make)(g)))
        .collect()
}

/// A PuTTY key file (`.ppk`): public lines, private lines and the MAC.
pub fn putty_key(g: &mut Gen) -> String {
    let mut s = String::from("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy@ci\nPublic-Lines: 2\n");
    s.push_str(&g.s("b64", 64));
    s.push('\n');
    s.push_str(&g.s("b64", 4));
    s.push_str("\nPrivate-Lines: 1\n");
    s.push_str(&g.s("b64", 44));
    s.push_str("\nPrivate-MAC: ");
    s.push_str(&g.hex(64));
    s
}

/// The PEM label of a private key and its body lines.
pub fn private_key(g: &mut Gen, label: Option<&'static str>) -> (String, Vec<String>) {
    let label = label.unwrap_or_else(|| {
        g.pick(&[
            "RSA PRIVATE KEY",
            "PRIVATE KEY",
            "EC PRIVATE KEY",
            "OPENSSH PRIVATE KEY",
            "DSA PRIVATE KEY",
        ])
    });
    let n = match label {
        "EC PRIVATE KEY" => 3,
        "OPENSSH PRIVATE KEY" => g.range(6, 26),
        _ => g.range(12, 25),
    };
    let mut lines = Vec::new();
    // Real DER starts the same way for a given type: keep that shape.
    let head = match label {
        "RSA PRIVATE KEY" => "MIIE",
        "PRIVATE KEY" => "MIIE",
        "EC PRIVATE KEY" => "MHcCAQEE",
        "OPENSSH PRIVATE KEY" => "b3BlbnNzaC1rZXktdjEAAAAA",
        _ => "MIIBuw",
    };
    for i in 0..n {
        let mut l = g.s("b64", 64);
        if i == 0 {
            l.replace_range(0..head.len(), head);
        }
        lines.push(l);
    }
    let last_len = g.range(8, 60);
    let mut last = g.s("b64", last_len);
    if g.chance(50) {
        last.push('=');
    }
    lines.push(last);
    (format!("-----BEGIN {label}-----"), lines)
}

/// A whole PEM private key block.
pub fn pem_private(g: &mut Gen) -> String {
    pem_private_as(g, None)
}

/// A PEM private key block with a given label (`PRIVATE KEY`...).
pub fn pem_private_as(g: &mut Gen, label: Option<&'static str>) -> String {
    let (begin, body) = private_key(g, label);
    let end = begin.replace("BEGIN", "END");
    format!("{begin}\n{}\n{end}", body.join("\n"))
}

/// A PEM public key, certificate or PGP public block (not secrets).
pub fn pem_public(g: &mut Gen) -> String {
    let label = g.pick(&[
        "CERTIFICATE",
        "PUBLIC KEY",
        "RSA PUBLIC KEY",
        "CERTIFICATE REQUEST",
    ]);
    let n = g.range(6, 20);
    let mut lines = vec![format!("-----BEGIN {label}-----")];
    for _ in 0..n {
        lines.push(g.s("b64", 64));
    }
    let last_len = g.range(8, 60);
    lines.push(g.s("b64", last_len) + "==");
    lines.push(format!("-----END {label}-----"));
    lines.join("\n")
}

/// An OpenSSH public key line.
pub fn ssh_public(g: &mut Gen, who: &str) -> String {
    match g.below(2) {
        0 => format!(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{} {who}",
            g.s("b64", 43)
        ),
        _ => format!(
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ{} {who}",
            g.s("b64", 370)
        ),
    }
}
