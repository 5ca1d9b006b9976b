//! Generators for the developer tools, registries, security and other providers
//! (`rules/providers-dev.yaml`): one per rule, a public prefix plus a random body in the
//! vendor's format, and `dev_files` for the formats that live in a file of their own shape
//! (NuGet.Config, Composer's auth.json, a JWKS, NATS credentials, `vault operator init`
//! output). Only prefixes appear in this file.

use keepmum::rules::Kind as K;

use super::gen::{Doc, FileBuilder, Gen};
use super::providers::Provider;

fn nuget(g: &mut Gen) -> String {
    format!("oy2{}", g.s("lalnum", 43))
}

fn rubygems(g: &mut Gen) -> String {
    format!("rubygems_{}", g.hex(48))
}

fn crates_io(g: &mut Gen) -> String {
    format!("cio{}", g.alnum(32))
}

fn clojars(g: &mut Gen) -> String {
    format!("CLOJARS_{}", g.hex(60))
}

fn gradle_publish(g: &mut Gen) -> String {
    g.alnum(32)
}

fn develocity(g: &mut Gen) -> String {
    let host = g.pick(&["ge.acme.io", "develocity.acme.internal", "gradle.acme.dev"]);
    format!("{host}={}", g.s("lalnum", 52))
}

fn yarn_auth_ident(g: &mut Gen) -> String {
    let user = g.pick(&["deploy", "ci-bot", "release"]);
    format!("{user}:{}", g.alnum(20))
}

fn dockerhub(g: &mut Gen) -> String {
    if g.chance(70) {
        format!("dckr_pat_{}", g.s("b64url", 27))
    } else {
        format!("dckr_oat_{}", g.s("b64url", 32))
    }
}

fn quay(g: &mut Gen) -> String {
    g.s("b32", 64)
}

fn artifactory_key(g: &mut Gen) -> String {
    format!("AKCp{}", g.alnum(69))
}

fn artifactory_reference(g: &mut Gen) -> String {
    format!("cmVmdGtuOjAxOj{}", g.alnum(50))
}

fn hex40(g: &mut Gen) -> String {
    g.hex(40)
}

fn hex48(g: &mut Gen) -> String {
    g.hex(48)
}

fn hex64(g: &mut Gen) -> String {
    g.hex(64)
}

fn uuid(g: &mut Gen) -> String {
    g.uuid()
}

fn sonarqube(g: &mut Gen) -> String {
    let p = g.pick(&["sqp_", "sqa_", "squ_"]);
    format!("{p}{}", g.hex(40))
}

fn coveralls(g: &mut Gen) -> String {
    let n = g.range(32, 37);
    g.alnum(n)
}

fn codacy(g: &mut Gen) -> String {
    g.hex(32)
}

fn deepsource(g: &mut Gen) -> String {
    format!("https://{}@app.deepsource.com", g.hex(32))
}

fn stackhawk(g: &mut Gen) -> String {
    format!("hawk.{}.{}", g.alnum(20), g.alnum(20))
}

fn sourcegraph(g: &mut Gen) -> String {
    match g.below(3) {
        0 => format!("sgp_{}_{}", g.hex(16), g.hex(40)),
        1 => format!("sgp_local_{}", g.hex(40)),
        _ => format!("sgp_{}", g.hex(40)),
    }
}

fn bitbucket(g: &mut Gen) -> String {
    format!("ATBB{}", g.alnum(32))
}

fn youtrack(g: &mut Gen) -> String {
    let sep = g.pick(&[":", "-"]);
    let user = Gen::base64(g.word().as_bytes());
    let name = Gen::base64(format!("{}-{}", g.word(), g.digits(2)).as_bytes());
    format!("perm{sep}{user}.{name}.{}", g.alnum(30))
}

fn octopus(g: &mut Gen) -> String {
    let n = g.range(26, 32);
    format!("API-{}", g.s("b32", n))
}

fn ngrok(g: &mut Gen) -> String {
    format!("2{}_{}", g.alnum(26), g.alnum(21))
}

fn tailscale(g: &mut Gen) -> String {
    let kind = g.pick(&["auth", "api", "client"]);
    format!("tskey-{kind}-k{}CNTRL-{}", g.alnum(10), g.alnum(33))
}

fn modal(g: &mut Gen) -> String {
    format!("as-{}", g.alnum(22))
}

fn onepassword_sa(g: &mut Gen) -> String {
    format!("ops_eyJ{}", g.s_in("b64", 500, 800))
}

fn onepassword_secret_key(g: &mut Gen) -> String {
    format!(
        "A3-{}-{}-{}-{}-{}-{}",
        g.s("b32", 6),
        g.s("b32", 6),
        g.s("b32", 5),
        g.s("b32", 5),
        g.s("b32", 5),
        g.s("b32", 5)
    )
}

fn infisical_service(g: &mut Gen) -> String {
    format!("st.{}.{}.{}", g.hex(24), g.hex(32), g.hex(32))
}

fn akeyless(g: &mut Gen) -> String {
    Gen::base64(&g.bytes(32))
}

fn bitwarden(g: &mut Gen) -> String {
    let key = Gen::base64(&g.bytes(16));
    format!("0.{}.{}:{key}", g.uuid(), g.alnum(30))
}

fn nats_seed(g: &mut Gen) -> String {
    let kind = g.pick(&["U", "U", "A", "O"]);
    g.t(&format!("<<nats-nkey:{kind}>>"))
}

fn browserstack(g: &mut Gen) -> String {
    g.alnum(20)
}

fn percy(g: &mut Gen) -> String {
    let p = g.pick(&["", "web_", "app_"]);
    format!("{p}{}", g.hex(64))
}

fn chromatic(g: &mut Gen) -> String {
    format!("chpt_{}", g.hex(14))
}

fn rapidapi(g: &mut Gen) -> String {
    g.s("lalnum", 50)
}

fn mailtrap(g: &mut Gen) -> String {
    g.hex(32)
}

fn ifttt(g: &mut Gen) -> String {
    let event = g.pick(&["deploy_done", "build_failed", "door_open"]);
    format!(
        "https://maker.ifttt.com/trigger/{event}/with/key/{}",
        g.s("b64url", 22)
    )
}

fn cloudinary_url(g: &mut Gen) -> String {
    format!(
        "cloudinary://{}:{}@acme-{}",
        g.digits(15),
        g.s("b64url", 27),
        g.s("lalnum", 5)
    )
}

fn cloudinary_secret(g: &mut Gen) -> String {
    g.s("b64url", 27)
}

fn imagekit(g: &mut Gen) -> String {
    format!("private_{}=", g.s("b64", 27))
}

fn uploadcare(g: &mut Gen) -> String {
    g.hex(20)
}

fn crowdin(g: &mut Gen) -> String {
    g.hex(80)
}

fn transifex(g: &mut Gen) -> String {
    format!("1/{}", g.hex(40))
}

/// One generator per rule id of `rules/providers-dev.yaml` that fits a `name = "token"` line;
/// the others come from [`dev_files`].
pub const PROVIDERS: &[Provider] = &[
    Provider {
        id: "nuget-api-key",
        var: "nuget_api_key",
        needs_name: false,
        make: nuget,
    },
    Provider {
        id: "rubygems-api-key",
        var: "gem_host_api_key",
        needs_name: false,
        make: rubygems,
    },
    Provider {
        id: "crates-io-token",
        var: "cargo_registry_token",
        needs_name: false,
        make: crates_io,
    },
    Provider {
        id: "clojars-deploy-token",
        var: "clojars_password",
        needs_name: false,
        make: clojars,
    },
    Provider {
        id: "gradle-plugin-portal-key",
        var: "gradle_publish_secret",
        needs_name: true,
        make: gradle_publish,
    },
    Provider {
        id: "develocity-access-key",
        var: "develocity_access_key",
        needs_name: true,
        make: develocity,
    },
    Provider {
        id: "yarn-npm-auth-ident",
        var: "npm_auth_ident",
        needs_name: true,
        make: yarn_auth_ident,
    },
    Provider {
        id: "dockerhub-pat",
        var: "dockerhub_token",
        needs_name: false,
        make: dockerhub,
    },
    Provider {
        id: "quay-robot-token",
        var: "quay_robot_token",
        needs_name: true,
        make: quay,
    },
    Provider {
        id: "artifactory-api-key",
        var: "artifactory_api_key",
        needs_name: false,
        make: artifactory_key,
    },
    Provider {
        id: "artifactory-reference-token",
        var: "jfrog_access_token",
        needs_name: false,
        make: artifactory_reference,
    },
    Provider {
        id: "cloudsmith-api-key",
        var: "cloudsmith_api_key",
        needs_name: true,
        make: hex40,
    },
    Provider {
        id: "packagecloud-token",
        var: "packagecloud_token",
        needs_name: true,
        make: hex48,
    },
    Provider {
        id: "sonarqube-token",
        var: "sonar_token",
        needs_name: false,
        make: sonarqube,
    },
    Provider {
        id: "sonar-token-legacy",
        var: "sonar_login",
        needs_name: true,
        make: hex40,
    },
    Provider {
        id: "snyk-api-token",
        var: "snyk_token",
        needs_name: true,
        make: uuid,
    },
    Provider {
        id: "codecov-token",
        var: "codecov_token",
        needs_name: true,
        make: uuid,
    },
    Provider {
        id: "coveralls-repo-token",
        var: "coveralls_repo_token",
        needs_name: true,
        make: coveralls,
    },
    Provider {
        id: "codeclimate-reporter-id",
        var: "cc_test_reporter_id",
        needs_name: true,
        make: hex64,
    },
    Provider {
        id: "codacy-project-token",
        var: "codacy_project_token",
        needs_name: true,
        make: codacy,
    },
    Provider {
        id: "deepsource-dsn",
        var: "deepsource_dsn",
        needs_name: false,
        make: deepsource,
    },
    Provider {
        id: "semgrep-app-token",
        var: "semgrep_app_token",
        needs_name: true,
        make: hex64,
    },
    Provider {
        id: "stackhawk-api-key",
        var: "hawk_api_key",
        needs_name: false,
        make: stackhawk,
    },
    Provider {
        id: "sourcegraph-access-token",
        var: "src_access_token",
        needs_name: false,
        make: sourcegraph,
    },
    Provider {
        id: "bitbucket-app-password",
        var: "bitbucket_app_password",
        needs_name: false,
        make: bitbucket,
    },
    Provider {
        id: "gitea-token",
        var: "gitea_token",
        needs_name: true,
        make: hex40,
    },
    Provider {
        id: "jetbrains-permanent-token",
        var: "youtrack_token",
        needs_name: false,
        make: youtrack,
    },
    Provider {
        id: "octopus-deploy-api-key",
        var: "octopus_api_key",
        needs_name: false,
        make: octopus,
    },
    Provider {
        id: "ngrok-authtoken",
        var: "ngrok_authtoken",
        needs_name: true,
        make: ngrok,
    },
    Provider {
        id: "tailscale-key",
        var: "ts_authkey",
        needs_name: false,
        make: tailscale,
    },
    Provider {
        id: "modal-token-secret",
        var: "modal_token_secret",
        needs_name: true,
        make: modal,
    },
    Provider {
        id: "onepassword-service-account-token",
        var: "op_service_account_token",
        needs_name: false,
        make: onepassword_sa,
    },
    Provider {
        id: "onepassword-secret-key",
        var: "op_secret_key",
        needs_name: false,
        make: onepassword_secret_key,
    },
    Provider {
        id: "infisical-service-token",
        var: "infisical_token",
        needs_name: true,
        make: infisical_service,
    },
    Provider {
        id: "infisical-client-secret",
        var: "infisical_client_secret",
        needs_name: true,
        make: hex64,
    },
    Provider {
        id: "akeyless-access-key",
        var: "akeyless_access_key",
        needs_name: true,
        make: akeyless,
    },
    Provider {
        id: "bitwarden-access-token",
        var: "bws_access_token",
        needs_name: true,
        make: bitwarden,
    },
    Provider {
        id: "nats-nkey-seed",
        var: "nats_nkey_seed",
        needs_name: true,
        make: nats_seed,
    },
    Provider {
        id: "saucelabs-access-key",
        var: "sauce_access_key",
        needs_name: true,
        make: uuid,
    },
    Provider {
        id: "browserstack-access-key",
        var: "browserstack_access_key",
        needs_name: true,
        make: browserstack,
    },
    Provider {
        id: "cypress-record-key",
        var: "cypress_record_key",
        needs_name: true,
        make: uuid,
    },
    Provider {
        id: "percy-token",
        var: "percy_token",
        needs_name: true,
        make: percy,
    },
    Provider {
        id: "chromatic-project-token",
        var: "chromatic_project_token",
        needs_name: false,
        make: chromatic,
    },
    Provider {
        id: "rapidapi-key",
        var: "rapidapi_key",
        needs_name: true,
        make: rapidapi,
    },
    Provider {
        id: "mailtrap-api-token",
        var: "mailtrap_api_token",
        needs_name: true,
        make: mailtrap,
    },
    Provider {
        id: "ifttt-webhook-key",
        var: "ifttt_webhook_url",
        needs_name: false,
        make: ifttt,
    },
    Provider {
        id: "cloudinary-url",
        var: "cloudinary_url",
        needs_name: false,
        make: cloudinary_url,
    },
    Provider {
        id: "cloudinary-api-secret",
        var: "cloudinary_api_secret",
        needs_name: true,
        make: cloudinary_secret,
    },
    Provider {
        id: "imagekit-private-key",
        var: "imagekit_private_key",
        needs_name: false,
        make: imagekit,
    },
    Provider {
        id: "uploadcare-secret-key",
        var: "uploadcare_secret_key",
        needs_name: true,
        make: uploadcare,
    },
    Provider {
        id: "crowdin-token",
        var: "crowdin_personal_token",
        needs_name: true,
        make: crowdin,
    },
    Provider {
        id: "lokalise-api-token",
        var: "lokalise_api_token",
        needs_name: true,
        make: hex40,
    },
    Provider {
        id: "transifex-api-token",
        var: "tx_token",
        needs_name: true,
        make: transifex,
    },
];

/// Files whose credential sits in a structure of their own, with their negatives beside:
/// NuGet.Config, Composer's auth.json, .yarnrc.yml, a JWKS (private and public), NATS
/// credentials, `vault operator init` output, a Google client_secret.json, an .npmrc.
pub fn dev_files(g: &mut Gen, proj: &str) -> Vec<Doc> {
    let mut out = Vec::new();

    let mut b = FileBuilder::new("NuGet.Config");
    b.n("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" />");
    b.n(format!(
        "    <add key=\"{proj}\" value=\"https://pkgs.dev.azure.com/{proj}/_packaging/feed/nuget/v3/index.json\" />\n  </packageSources>\n  <packageSourceCredentials>\n    <{proj}>\n      <add key=\"Username\" value=\"build\" />"
    ));
    // An Azure Artifacts feed takes a personal access token as the password.
    let pw = g.t("<<azure-devops-pat:user>>");
    b.p(
        K::Provider,
        "NuGet.Config ClearTextPassword",
        &pw,
        format!("      <add key=\"ClearTextPassword\" value=\"{pw}\" />"),
    );
    b.n(format!("    </{proj}>\n    <internal>\n      <add key=\"Username\" value=\"ci\" />\n      <add key=\"ClearTextPassword\" value=\"%INTERNAL_FEED_TOKEN%\" />\n    </internal>\n  </packageSourceCredentials>"));
    if g.chance(50) {
        let key = nuget(g);
        b.n("  <apikeys>");
        b.p(
            K::Provider,
            "NuGet.Config apikeys",
            &key,
            format!("    <add key=\"https://www.nuget.org\" value=\"{key}\" />"),
        );
        b.n("  </apikeys>");
    }
    b.n("</configuration>");
    out.push(b.finish());

    let mut b = FileBuilder::new("auth.json");
    b.n("{\n    \"github-oauth\": {");
    let t = g.hex(40);
    b.p(
        K::Provider,
        "composer auth.json github-oauth",
        &t,
        format!("        \"github.com\": \"{t}\""),
    );
    b.n("    },\n    \"http-basic\": {\n        \"repo.packagist.com\": {\n            \"username\": \"token\",\n            \"password\": \"${PACKAGIST_TOKEN}\"\n        }\n    }\n}");
    // The value sits on the line after the "github-oauth" key: the finding's line.
    out.push(b.finish());

    let mut b = FileBuilder::new("web/.yarnrc.yml");
    b.n(format!(
        "nodeLinker: node-modules\nnpmAlwaysAuth: true\nnpmScopes:\n  {proj}:\n    npmRegistryServer: \"https://npm.{proj}.io\""
    ));
    let ident = yarn_auth_ident(g);
    b.p(
        K::Provider,
        ".yarnrc.yml npmAuthIdent",
        &ident,
        format!("    npmAuthIdent: \"{ident}\""),
    );
    b.n("  public:\n    npmAuthToken: \"${NPM_TOKEN}\"");
    out.push(b.finish());

    let mut b = FileBuilder::new("web/.npmrc");
    b.n(format!("@{proj}:registry=https://registry.npmjs.org/"));
    let legacy = g.uuid();
    b.p(
        K::Provider,
        ".npmrc legacy _authToken",
        &legacy,
        format!("//registry.npmjs.org/:_authToken={legacy}"),
    );
    b.n("//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}");
    out.push(b.finish());

    let mut b = FileBuilder::new("config/keys/signing.jwks.json");
    b.n("{\"keys\": [");
    let jwk = match g.below(3) {
        0 => g.t("<<jwk-private:EC>>"),
        1 => g.t("<<jwk-private:OKP>>"),
        _ => format!(
            "{{\"kty\": \"RSA\", \"kid\": \"{proj}-1\", \"n\": \"{}\", \"e\": \"AQAB\", \"d\": \"{}\"}}",
            g.s("b64url", 342),
            g.s("b64url", 342)
        ),
    };
    b.p(
        K::PrivateKey,
        "JWKS with private member",
        &jwk,
        format!("  {jwk}"),
    );
    b.n("]}");
    out.push(b.finish());
    // The published half: a public JWKS is not a secret.
    let mut b = FileBuilder::new("public/.well-known/jwks.json");
    b.n(format!(
        "{{\"keys\": [{{\"kty\": \"RSA\", \"use\": \"sig\", \"kid\": \"{proj}-1\", \"n\": \"{}\", \"e\": \"AQAB\"}}]}}",
        g.s("b64url", 342)
    ));
    out.push(b.finish());

    let mut b = FileBuilder::new(format!("deploy/nats/{proj}.creds"));
    b.n("-----BEGIN NATS USER JWT-----");
    let jwt = g.t("<<jwt:EdDSA>>");
    b.p(K::Provider, "NATS .creds user JWT", &jwt, &jwt);
    b.n("------END NATS USER JWT------\n\n************************* IMPORTANT *************************\nNKEY Seed printed below can be used to sign and prove identity.\nNKEYs are sensitive and should be treated as secrets.\n\n-----BEGIN USER NKEY SEED-----");
    let seed = g.t("<<nats-nkey:U>>");
    b.p(K::PrivateKey, "NATS .creds seed", &seed, &seed);
    b.n("------END USER NKEY SEED------");
    out.push(b.finish());

    let mut b = FileBuilder::new("ops/vault-init.txt");
    for i in 1..=3 {
        let key = g.s("b64", 44);
        b.p(
            K::Provider,
            "vault operator init unseal key",
            &key,
            format!("Unseal Key {i}: {key}"),
        );
    }
    b.n("\nVault initialized with 3 key shares and a key threshold of 2.");
    out.push(b.finish());

    let mut b = FileBuilder::new(format!("tools/{proj}-cli/client_secret.json"));
    let secret = format!("{}{}", g.s("b64url", 22), g.digits(2));
    b.p(
        K::Provider,
        "Google client_secret.json (legacy secret)",
        &secret,
        format!(
            "{{\"installed\": {{\"client_id\": \"{}-{}.apps.googleusercontent.com\", \"project_id\": \"{proj}-cli\", \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\", \"token_uri\": \"https://oauth2.googleapis.com/token\", \"client_secret\": \"{secret}\", \"redirect_uris\": [\"http://localhost\"]}}}}",
            g.digits(12),
            g.s("lalnum", 32)
        ),
    );
    out.push(b.finish());

    out
}
