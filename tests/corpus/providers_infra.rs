//! Generators for the cloud, infrastructure, CI/CD, databases and observability providers
//! (`rules/providers-infra.yaml`): one per rule, a public prefix plus a random body in the
//! vendor's format. Only prefixes appear in this file.

use super::gen::Gen;
use super::providers::Provider;

/// The base64 alphabet, for bodies that must come from it character by character.
const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// One character of `set`.
fn one(g: &mut Gen, set: &[u8]) -> char {
    set[g.below(set.len())] as char
}

fn bedrock(g: &mut Gen) -> String {
    // "ABSK" + base64("BedrockAPIKey-..."): the encoded prefix is fixed.
    format!("ABSKQmVkcm9ja0FQSUtleS{}", g.s_in("b64", 90, 130))
}

fn bedrock_short(g: &mut Gen) -> String {
    // "bedrock-api-key-" + base64 of a pre-signed bedrock.amazonaws.com URL.
    format!(
        "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbi{}",
        g.s_in("b64", 700, 1100)
    )
}

fn appsync(g: &mut Gen) -> String {
    format!("da2-{}", g.s("lalnum", 26))
}

fn google_access(g: &mut Gen) -> String {
    let p = g.pick(&["ya29.a0A", "ya29.c.c0A", "ya29.A0AR"]);
    format!("{p}{}", g.s_in("b64url", 120, 220))
}

fn google_refresh(g: &mut Gen) -> String {
    let c = one(g, b"0123456789abcdefghijklmnopqrstuvwxyz");
    format!("1//0{c}{}", g.s("b64url", 98))
}

fn fcm(g: &mut Gen) -> String {
    format!("AAAA{}:APA91b{}", g.s("b64url", 7), g.s("b64url", 134))
}

fn entra_secret(g: &mut Gen) -> String {
    let head = g.alnum(3);
    if g.chance(80) {
        format!("{head}8Q~{}", g.s("b64url", 34))
    } else {
        format!("{head}7Q~{}", g.s("b64url", 31))
    }
}

fn ado_pat(g: &mut Gen) -> String {
    format!("{}JQQJ99{}AZDO{}", g.alnum(52), g.alnum(18), g.alnum(4))
}

fn ado_pat_legacy(g: &mut Gen) -> String {
    let kind = g.pick(&["user", "user", "app"]);
    g.t(&format!("<<azure-devops-pat:{kind}>>"))
}

/// An 88-character Azure key: 76 base64 characters, the signature, 5 more and `[AQgw]==`.
fn azure_88(g: &mut Gen, sig: &str) -> String {
    let end = one(g, b"AQgw");
    format!("{}{sig}{}{end}==", g.s("b64", 76), g.s("b64", 5))
}

/// A 44-character Azure key: 33 base64 characters, the signature, `[A-P]`, 5 more and `=`.
fn azure_44(g: &mut Gen, sig: &str) -> String {
    let v = one(g, b"ABCDEFGHIJKLMNOP");
    format!("{}{sig}{v}{}=", g.s("b64", 33), g.s("b64", 5))
}

fn azure_storage(g: &mut Gen) -> String {
    azure_88(g, "+ASt")
}

fn azure_cosmos(g: &mut Gen) -> String {
    azure_88(g, "ACDb")
}

fn azure_batch(g: &mut Gen) -> String {
    azure_88(g, "+ABa")
}

fn azure_ml(g: &mut Gen) -> String {
    azure_88(g, "+AMC")
}

fn azure_apim(g: &mut Gen) -> String {
    azure_88(g, "APIM")
}

fn azure_service_bus(g: &mut Gen) -> String {
    azure_44(g, "+ASb")
}

fn azure_event_hubs(g: &mut Gen) -> String {
    azure_44(g, "+AEh")
}

fn azure_relay(g: &mut Gen) -> String {
    azure_44(g, "+ARm")
}

fn azure_iot(g: &mut Gen) -> String {
    azure_44(g, "AIoT")
}

fn azure_event_grid(g: &mut Gen) -> String {
    azure_44(g, "AZEG")
}

fn azure_redis(g: &mut Gen) -> String {
    azure_44(g, "AzCa")
}

fn azure_search(g: &mut Gen) -> String {
    let v = one(g, b"ABCD");
    format!("{}AzSe{v}{}", g.alnum(42), g.alnum(5))
}

fn azure_acr(g: &mut Gen) -> String {
    let v = one(g, b"ABCD");
    let body: String = (0..42).map(|_| one(g, B64)).collect();
    format!("{body}+ACR{v}{}", g.alnum(5))
}

fn azure_functions(g: &mut Gen) -> String {
    let end = one(g, b"AQgw");
    format!("{}AzFu{}{end}==", g.s("b64url", 44), g.s("b64url", 5))
}

fn azure_ai(g: &mut Gen) -> String {
    let v = one(g, b"9DH");
    let w = one(g, b"ABCDEFGHIJKL");
    format!(
        "{}JQQJ9{v}{}{w}{}ACOG{}",
        g.alnum(52),
        one(g, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        g.alnum(16),
        g.alnum(4)
    )
}

fn azure_openai(g: &mut Gen) -> String {
    g.hex(32)
}

fn azure_app_config(g: &mut Gen) -> String {
    format!(
        "Endpoint=https://{}-config.azconfig.io;Id={}-l0-s0:{};Secret={}",
        g.word(),
        g.alnum(4),
        g.alnum(20),
        Gen::base64(&g.bytes(32))
    )
}

fn azure_signalr(g: &mut Gen) -> String {
    format!(
        "Endpoint=https://{}.service.signalr.net;AccessKey={};Version=1.0;",
        g.word(),
        Gen::base64(&g.bytes(32))
    )
}

fn azure_communication(g: &mut Gen) -> String {
    format!(
        "endpoint=https://{}.communication.azure.com/;accesskey={}",
        g.word(),
        Gen::base64(&g.bytes(64))
    )
}

fn azure_function_url(g: &mut Gen) -> String {
    format!(
        "https://{}-fn.azurewebsites.net/api/HttpTrigger1?code={}==",
        g.word(),
        g.s("b64url", 54)
    )
}

fn alibaba_id(g: &mut Gen) -> String {
    let n = if g.chance(70) { 20 } else { 12 };
    format!("LTAI{}", g.alnum(n))
}

fn alibaba_secret(g: &mut Gen) -> String {
    g.alnum(30)
}

fn tencent_id(g: &mut Gen) -> String {
    format!("AKID{}", g.alnum(32))
}

fn tencent_secret(g: &mut Gen) -> String {
    g.alnum(32)
}

fn ibm_api_key(g: &mut Gen) -> String {
    g.s("b64url", 44)
}

fn ibm_cos_hmac(g: &mut Gen) -> String {
    g.hex(48)
}

fn yandex_iam(g: &mut Gen) -> String {
    format!(
        "t1.9euelZq{}.{}",
        g.s_in("b64url", 120, 160),
        g.s("b64url", 86)
    )
}

fn yandex_api_key(g: &mut Gen) -> String {
    format!("AQVN{}", g.s_in("b64url", 35, 38))
}

fn yandex_oauth(g: &mut Gen) -> String {
    format!("y0_AgAAAA{}", g.s("b64url", 49))
}

fn scaleway(g: &mut Gen) -> String {
    g.uuid()
}

fn linode(g: &mut Gen) -> String {
    g.hex(64)
}

fn vultr(g: &mut Gen) -> String {
    g.s("b32", 36)
}

fn hetzner(g: &mut Gen) -> String {
    g.alnum(64)
}

fn ovh(g: &mut Gen) -> String {
    g.alnum(32)
}

fn cloudflare(g: &mut Gen) -> String {
    let p = g.pick(&["cfut_", "cfut_", "cfat_", "cfk_"]);
    format!("{p}{}{}", g.alnum(40), g.hex(8))
}

fn cloudflare_legacy(g: &mut Gen) -> String {
    g.s("b64url", 40)
}

fn cloudflare_global(g: &mut Gen) -> String {
    g.hex(37)
}

fn cloudflare_origin_ca(g: &mut Gen) -> String {
    format!("v1.0-{}-{}", g.hex(24), g.hex(146))
}

fn fastly(g: &mut Gen) -> String {
    g.s("b64url", 32)
}

fn akamai(g: &mut Gen) -> String {
    Gen::base64(&g.bytes(32))
}

fn netlify(g: &mut Gen) -> String {
    let p = g.pick(&["nfp_", "nfp_", "nfc_", "nfo_"]);
    format!("{p}{}", g.alnum(36))
}

fn netlify_legacy(g: &mut Gen) -> String {
    g.s("b64url", 43)
}

fn vercel(g: &mut Gen) -> String {
    let p = g.pick(&["vcp_", "vcp_", "vci_", "vck_"]);
    format!("{p}{}", g.alnum_in(40, 60))
}

fn vercel_legacy(g: &mut Gen) -> String {
    g.alnum(24)
}

fn flyio(g: &mut Gen) -> String {
    match g.below(3) {
        0 => format!(
            "FlyV1 fm2_lJPECAAAAAAAA{},fm2_lJPE{}",
            g.s("b64", 160),
            g.s("b64", 200)
        ),
        1 => format!("fm1r_{}", g.s("b64", 200)),
        _ => format!("fo1_{}", g.s("b64url", 43)),
    }
}

fn render(g: &mut Gen) -> String {
    format!("rnd_{}", g.alnum(32))
}

fn railway(g: &mut Gen) -> String {
    g.uuid()
}

fn deno(g: &mut Gen) -> String {
    let p = g.pick(&["ddp_", "ddw_"]);
    format!("{p}{}", g.alnum(36))
}

fn scalingo(g: &mut Gen) -> String {
    format!("tk-us-{}", g.s("b64url", 48))
}

fn backblaze(g: &mut Gen) -> String {
    let v = g.pick(&["K001", "K002", "K004", "K005"]);
    format!("{v}{}", g.s("b64", 27))
}

fn spaces(g: &mut Gen) -> String {
    g.s("b64", 43)
}

fn pulumi(g: &mut Gen) -> String {
    format!("pul-{}", g.hex(40))
}

fn terraform(g: &mut Gen) -> String {
    format!("{}.atlasv1.{}", g.alnum(14), g.s("b64url", 67))
}

fn hcp(g: &mut Gen) -> String {
    g.s("b64url", 64)
}

fn consul(g: &mut Gen) -> String {
    g.uuid()
}

fn nomad(g: &mut Gen) -> String {
    g.uuid()
}

fn infracost(g: &mut Gen) -> String {
    format!("ico-{}", g.alnum(32))
}

fn prefect(g: &mut Gen) -> String {
    let p = g.pick(&["pnu_", "pnb_"]);
    format!("{p}{}", g.alnum(36))
}

fn k8s_bootstrap(g: &mut Gen) -> String {
    format!("{}.{}", g.s("lalnum", 6), g.s("lalnum", 16))
}

fn openshift_token(g: &mut Gen) -> String {
    format!("sha256~{}", g.s("b64url", 43))
}

fn base64_private_key(g: &mut Gen) -> String {
    let label = g.pick(&[
        "RSA PRIVATE KEY",
        "PRIVATE KEY",
        "EC PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
    ]);
    let mut pem = format!("-----BEGIN {label}-----\n");
    for _ in 0..g.range(4, 20) {
        pem.push_str(&g.s("b64", 64));
        pem.push('\n');
    }
    pem.push_str(&format!("-----END {label}-----\n"));
    Gen::base64(pem.as_bytes())
}

fn k8s_encoded_token(g: &mut Gen) -> String {
    let jwt = g.jwt();
    Gen::base64(jwt.as_bytes())
}

fn rancher(g: &mut Gen) -> String {
    format!("token-{}:{}", g.s("lalnum", 5), g.s("lalnum", 54))
}

fn portainer(g: &mut Gen) -> String {
    format!("ptr_{}", Gen::base64(&g.bytes(32)))
}

fn planetscale_pw(g: &mut Gen) -> String {
    format!("pscale_pw_{}", g.s("b64url", 43))
}

fn planetscale_token(g: &mut Gen) -> String {
    let p = g.pick(&["pscale_tkn_", "pscale_oauth_"]);
    format!("{p}{}", g.s("b64url", 43))
}

fn supabase_pat(g: &mut Gen) -> String {
    format!("sbp_{}", g.hex(40))
}

fn supabase_secret(g: &mut Gen) -> String {
    format!("sb_secret_{}_{}", g.alnum(22), g.alnum(8))
}

fn neon(g: &mut Gen) -> String {
    format!("napi_{}", g.s("lalnum", 64))
}

fn upstash_redis(g: &mut Gen) -> String {
    let p = g.pick(&["AX", "AY", "Ab"]);
    format!("{p}{}", g.s("b64url", 58))
}

fn upstash_qstash(g: &mut Gen) -> String {
    let json = format!(r#"{{"UserID":"{}","Password":"{}"}}"#, g.uuid(), g.hex(32));
    Gen::base64(json.as_bytes())
}

fn databricks(g: &mut Gen) -> String {
    match g.below(3) {
        0 => format!("dapi{}", g.hex(32)),
        1 => format!("dapi{}-2", g.hex(32)),
        _ => format!("dose{}", g.hex(32)),
    }
}

fn confluent(g: &mut Gen) -> String {
    g.s("b64", 64)
}

fn aiven(g: &mut Gen) -> String {
    g.s("b64", 372)
}

fn elastic(g: &mut Gen) -> String {
    let raw = format!("{}:{}", g.s("b64url", 20), g.s("b64url", 22));
    Gen::base64(raw.as_bytes())
}

fn atlas_sa(g: &mut Gen) -> String {
    format!("mdb_sa_sk_{}", g.s("b64url", 40))
}

fn atlas_private(g: &mut Gen) -> String {
    g.uuid()
}

fn softlayer(g: &mut Gen) -> String {
    g.hex(64)
}

fn newrelic_user(g: &mut Gen) -> String {
    format!("NRAK-{}", g.s("b32", 27))
}

fn newrelic_license(g: &mut Gen) -> String {
    if g.chance(70) {
        format!("{}NRAL", g.hex(36))
    } else {
        format!("eu01xx{}NRAL", g.hex(30))
    }
}

fn newrelic_license_legacy(g: &mut Gen) -> String {
    g.hex(40)
}

fn newrelic_insights(g: &mut Gen) -> String {
    let p = g.pick(&["NRII-", "NRIQ-"]);
    format!("{p}{}", g.s("b64url", 32))
}

fn newrelic_rest(g: &mut Gen) -> String {
    format!("NRRA-{}", g.hex(42))
}

fn newrelic_admin(g: &mut Gen) -> String {
    format!("NRAA-{}", g.hex(27))
}

fn grafana_cloud(g: &mut Gen) -> String {
    let json = format!(
        r#"{{"o":"{}","n":"stack-{}-write","k":"{}","m":{{"r":"prod-eu-west-2"}}}}"#,
        g.digits(6),
        g.digits(6),
        g.alnum(24)
    );
    format!("glc_{}", Gen::base64(json.as_bytes()))
}

fn grafana_legacy(g: &mut Gen) -> String {
    let json = format!(r#"{{"k":"{}","n":"ci","id":{}}}"#, g.alnum(32), g.digits(1));
    Gen::base64(json.as_bytes())
}

fn honeycomb(g: &mut Gen) -> String {
    let x = one(g, b"abcdefghijklmnopqrstuvwxyz");
    format!("hc{x}ik_{}", g.s("lalnum", 58))
}

fn honeycomb_legacy(g: &mut Gen) -> String {
    if g.chance(60) {
        g.alnum(22)
    } else {
        g.hex(32)
    }
}

fn sumo_id(g: &mut Gen) -> String {
    format!("su{}", g.alnum(12))
}

fn sumo_key(g: &mut Gen) -> String {
    g.alnum(64)
}

fn sumo_url(g: &mut Gen) -> String {
    format!(
        "https://endpoint{}.collection.sumologic.com/receiver/v1/http/ZaVnC4dhaV{}==",
        g.range(1, 9),
        g.s("b64url", 90)
    )
}

fn splunk_hec(g: &mut Gen) -> String {
    g.uuid()
}

fn splunk_o11y(g: &mut Gen) -> String {
    g.s("b64url", 22)
}

fn dynatrace(g: &mut Gen) -> String {
    let p = g.pick(&["dt0c01", "dt0s01", "dt0s16"]);
    format!("{p}.{}.{}", g.s("b32", 24), g.s("b32", 64))
}

fn lightstep(g: &mut Gen) -> String {
    g.s("b64", 84)
}

fn logzio(g: &mut Gen) -> String {
    if g.chance(60) {
        g.s("alpha", 32)
    } else {
        g.uuid()
    }
}

fn loggly(g: &mut Gen) -> String {
    g.uuid()
}

fn rollbar(g: &mut Gen) -> String {
    g.hex(32)
}

fn bugsnag(g: &mut Gen) -> String {
    g.hex(32)
}

fn raygun(g: &mut Gen) -> String {
    g.alnum(22)
}

fn pagerduty(g: &mut Gen) -> String {
    if g.chance(50) {
        format!("u+{}", g.s("b64url", 18))
    } else {
        g.s("b64url", 20)
    }
}

fn pagerduty_integration(g: &mut Gen) -> String {
    g.hex(32)
}

fn opsgenie(g: &mut Gen) -> String {
    g.uuid()
}

fn axiom(g: &mut Gen) -> String {
    let p = g.pick(&["xaat-", "xapt-"]);
    format!("{p}{}", g.uuid())
}

fn checkly(g: &mut Gen) -> String {
    format!("cu_{}", g.hex(32))
}

fn betterstack(g: &mut Gen) -> String {
    g.alnum(24)
}

fn uptimerobot(g: &mut Gen) -> String {
    let p = g.pick(&["u", "m", "ur"]);
    format!("{p}{}-{}", g.digits(7), g.hex(24))
}

fn logdna(g: &mut Gen) -> String {
    g.hex(32)
}

fn circleci(g: &mut Gen) -> String {
    let p = g.pick(&["CCIPAT_", "CCIPRJ_"]);
    format!("{p}{}_{}", g.alnum(22), g.hex(40))
}

fn circleci_legacy(g: &mut Gen) -> String {
    g.hex(40)
}

fn travis(g: &mut Gen) -> String {
    g.s("b64url", 22)
}

fn buildkite_api(g: &mut Gen) -> String {
    format!("bkua_{}", g.hex(40))
}

fn buildkite_agent(g: &mut Gen) -> String {
    format!("bkct_{}", g.alnum(64))
}

fn buildkite_agent_legacy(g: &mut Gen) -> String {
    g.s("lalnum", 50)
}

fn teamcity(g: &mut Gen) -> String {
    format!(
        "eyJ0eXAiOiAiVENWMiJ9.{}.{}",
        g.s("b64url", 36),
        g.s("b64url", 48)
    )
}

fn jenkins(g: &mut Gen) -> String {
    format!("11{}", g.hex(32))
}

fn harness(g: &mut Gen) -> String {
    let p = g.pick(&["pat.", "sat."]);
    format!("{p}{}.{}.{}", g.s("b64url", 22), g.hex(24), g.alnum(20))
}

fn drone(g: &mut Gen) -> String {
    g.alnum(32)
}

/// One generator per rule id of the rule file.
pub const PROVIDERS: &[Provider] = &[
    Provider {
        id: "aws-bedrock-api-key",
        var: "aws_bearer_token_bedrock",
        needs_name: false,
        make: bedrock,
    },
    Provider {
        id: "aws-bedrock-short-term-api-key",
        var: "bedrock_bearer_token",
        needs_name: false,
        make: bedrock_short,
    },
    Provider {
        id: "aws-appsync-api-key",
        var: "appsync_api_key",
        needs_name: false,
        make: appsync,
    },
    Provider {
        id: "google-oauth-access-token",
        var: "google_access_token",
        needs_name: false,
        make: google_access,
    },
    Provider {
        id: "google-oauth-refresh-token",
        var: "google_refresh_token",
        needs_name: false,
        make: google_refresh,
    },
    Provider {
        id: "firebase-cloud-messaging-server-key",
        var: "fcm_server_key",
        needs_name: false,
        make: fcm,
    },
    Provider {
        id: "azure-ad-client-secret",
        var: "azure_client_secret",
        needs_name: false,
        make: entra_secret,
    },
    Provider {
        id: "azure-devops-pat",
        var: "azure_devops_ext_pat",
        needs_name: false,
        make: ado_pat,
    },
    Provider {
        id: "azure-devops-pat-legacy",
        var: "azure_devops_pat",
        needs_name: true,
        make: ado_pat_legacy,
    },
    Provider {
        id: "azure-storage-identifiable-key",
        var: "blob_credential",
        needs_name: false,
        make: azure_storage,
    },
    Provider {
        id: "azure-cosmosdb-key",
        var: "cosmos_primary",
        needs_name: false,
        make: azure_cosmos,
    },
    Provider {
        id: "azure-batch-key",
        var: "batch_account_credential",
        needs_name: false,
        make: azure_batch,
    },
    Provider {
        id: "azure-ml-key",
        var: "scoring_credential",
        needs_name: false,
        make: azure_ml,
    },
    Provider {
        id: "azure-apim-key",
        var: "apim_subscription",
        needs_name: false,
        make: azure_apim,
    },
    Provider {
        id: "azure-service-bus-key",
        var: "servicebus_policy_secret",
        needs_name: false,
        make: azure_service_bus,
    },
    Provider {
        id: "azure-event-hubs-key",
        var: "eventhub_policy_secret",
        needs_name: false,
        make: azure_event_hubs,
    },
    Provider {
        id: "azure-relay-key",
        var: "relay_listener_secret",
        needs_name: false,
        make: azure_relay,
    },
    Provider {
        id: "azure-iot-key",
        var: "iot_device_primary",
        needs_name: false,
        make: azure_iot,
    },
    Provider {
        id: "azure-event-grid-key",
        var: "eventgrid_topic_secret",
        needs_name: false,
        make: azure_event_grid,
    },
    Provider {
        id: "azure-cache-redis-key",
        var: "redis_access_secret",
        needs_name: false,
        make: azure_redis,
    },
    Provider {
        id: "azure-search-key",
        var: "search_admin_credential",
        needs_name: false,
        make: azure_search,
    },
    Provider {
        id: "azure-container-registry-key",
        var: "acr_password",
        needs_name: false,
        make: azure_acr,
    },
    Provider {
        id: "azure-functions-key",
        var: "function_host_credential",
        needs_name: false,
        make: azure_functions,
    },
    Provider {
        id: "azure-ai-services-key",
        var: "azure_ai_services_key",
        needs_name: false,
        make: azure_ai,
    },
    Provider {
        id: "azure-cognitive-services-key",
        var: "azure_speech_key",
        needs_name: true,
        make: azure_openai,
    },
    Provider {
        id: "azure-app-configuration-connection-string",
        var: "app_config_connection_string",
        needs_name: false,
        make: azure_app_config,
    },
    Provider {
        id: "azure-signalr-connection-string",
        var: "signalr_connection_string",
        needs_name: false,
        make: azure_signalr,
    },
    Provider {
        id: "azure-communication-services-connection-string",
        var: "acs_connection_string",
        needs_name: false,
        make: azure_communication,
    },
    Provider {
        id: "azure-function-url-key",
        var: "orders_webhook_url",
        needs_name: false,
        make: azure_function_url,
    },
    Provider {
        id: "alibaba-access-key-id",
        var: "alibaba_cloud_access_key_id",
        needs_name: false,
        make: alibaba_id,
    },
    Provider {
        id: "alibaba-access-key-secret",
        var: "alibaba_cloud_access_key_secret",
        needs_name: true,
        make: alibaba_secret,
    },
    Provider {
        id: "tencent-cloud-secret-id",
        var: "tencentcloud_secret_id",
        needs_name: false,
        make: tencent_id,
    },
    Provider {
        id: "tencent-cloud-secret-key",
        var: "tencentcloud_secret_key",
        needs_name: true,
        make: tencent_secret,
    },
    Provider {
        id: "ibm-cloud-api-key",
        var: "ibmcloud_api_key",
        needs_name: true,
        make: ibm_api_key,
    },
    Provider {
        id: "ibm-cos-hmac-secret",
        var: "cos_hmac_secret_access_key",
        needs_name: true,
        make: ibm_cos_hmac,
    },
    Provider {
        id: "yandex-cloud-iam-token",
        var: "yc_iam_token",
        needs_name: false,
        make: yandex_iam,
    },
    Provider {
        id: "yandex-cloud-api-key",
        var: "yandex_api_key",
        needs_name: false,
        make: yandex_api_key,
    },
    Provider {
        id: "yandex-oauth-token",
        var: "yc_oauth_token",
        needs_name: false,
        make: yandex_oauth,
    },
    Provider {
        id: "scaleway-secret-key",
        var: "scw_secret_key",
        needs_name: true,
        make: scaleway,
    },
    Provider {
        id: "linode-token",
        var: "linode_token",
        needs_name: true,
        make: linode,
    },
    Provider {
        id: "vultr-api-key",
        var: "vultr_api_key",
        needs_name: true,
        make: vultr,
    },
    Provider {
        id: "hetzner-cloud-token",
        var: "hcloud_token",
        needs_name: true,
        make: hetzner,
    },
    Provider {
        id: "ovh-api-secret",
        var: "ovh_application_secret",
        needs_name: true,
        make: ovh,
    },
    Provider {
        id: "cloudflare-api-token",
        var: "cloudflare_api_token",
        needs_name: false,
        make: cloudflare,
    },
    Provider {
        id: "cloudflare-api-token-legacy",
        var: "cloudflare_api_token",
        needs_name: true,
        make: cloudflare_legacy,
    },
    Provider {
        id: "cloudflare-global-api-key",
        var: "cloudflare_api_key",
        needs_name: true,
        make: cloudflare_global,
    },
    Provider {
        id: "cloudflare-origin-ca-key",
        var: "cloudflare_origin_ca_key",
        needs_name: false,
        make: cloudflare_origin_ca,
    },
    Provider {
        id: "fastly-api-token",
        var: "fastly_api_token",
        needs_name: true,
        make: fastly,
    },
    Provider {
        id: "akamai-edgegrid-client-secret",
        var: "akamai_client_secret",
        needs_name: true,
        make: akamai,
    },
    Provider {
        id: "netlify-token",
        var: "netlify_auth_token",
        needs_name: false,
        make: netlify,
    },
    Provider {
        id: "netlify-token-legacy",
        var: "netlify_auth_token",
        needs_name: true,
        make: netlify_legacy,
    },
    Provider {
        id: "vercel-token",
        var: "vercel_token",
        needs_name: false,
        make: vercel,
    },
    Provider {
        id: "vercel-token-legacy",
        var: "vercel_token",
        needs_name: true,
        make: vercel_legacy,
    },
    Provider {
        id: "flyio-token",
        var: "fly_api_token",
        needs_name: false,
        make: flyio,
    },
    Provider {
        id: "render-api-key",
        var: "render_api_key",
        needs_name: false,
        make: render,
    },
    Provider {
        id: "railway-token",
        var: "railway_token",
        needs_name: true,
        make: railway,
    },
    Provider {
        id: "deno-deploy-token",
        var: "deno_deploy_token",
        needs_name: false,
        make: deno,
    },
    Provider {
        id: "scalingo-api-token",
        var: "scalingo_api_token",
        needs_name: false,
        make: scalingo,
    },
    Provider {
        id: "backblaze-b2-application-key",
        var: "b2_application_key",
        needs_name: false,
        make: backblaze,
    },
    Provider {
        id: "digitalocean-spaces-secret",
        var: "spaces_secret_key",
        needs_name: true,
        make: spaces,
    },
    Provider {
        id: "pulumi-access-token",
        var: "pulumi_access_token",
        needs_name: false,
        make: pulumi,
    },
    Provider {
        id: "terraform-cloud-token",
        var: "tfe_token",
        needs_name: false,
        make: terraform,
    },
    Provider {
        id: "hcp-client-secret",
        var: "hcp_client_secret",
        needs_name: true,
        make: hcp,
    },
    Provider {
        id: "consul-acl-token",
        var: "consul_http_token",
        needs_name: true,
        make: consul,
    },
    Provider {
        id: "nomad-acl-token",
        var: "nomad_token",
        needs_name: true,
        make: nomad,
    },
    Provider {
        id: "infracost-api-key",
        var: "infracost_api_key",
        needs_name: false,
        make: infracost,
    },
    Provider {
        id: "prefect-api-key",
        var: "prefect_api_key",
        needs_name: false,
        make: prefect,
    },
    Provider {
        id: "kubernetes-bootstrap-token",
        var: "bootstrap_token",
        needs_name: true,
        make: k8s_bootstrap,
    },
    Provider {
        id: "openshift-oauth-access-token",
        var: "openshift_token",
        needs_name: false,
        make: openshift_token,
    },
    Provider {
        id: "base64-encoded-private-key",
        var: "client_key_data",
        needs_name: false,
        make: base64_private_key,
    },
    Provider {
        id: "kubernetes-encoded-token",
        var: "sa_token_b64",
        needs_name: false,
        make: k8s_encoded_token,
    },
    Provider {
        id: "rancher-api-token",
        var: "rancher_token",
        needs_name: false,
        make: rancher,
    },
    Provider {
        id: "portainer-api-key",
        var: "portainer_api_key",
        needs_name: false,
        make: portainer,
    },
    Provider {
        id: "planetscale-password",
        var: "planetscale_db_password",
        needs_name: false,
        make: planetscale_pw,
    },
    Provider {
        id: "planetscale-api-token",
        var: "planetscale_service_token",
        needs_name: false,
        make: planetscale_token,
    },
    Provider {
        id: "supabase-access-token",
        var: "supabase_access_token",
        needs_name: false,
        make: supabase_pat,
    },
    Provider {
        id: "supabase-secret-key",
        var: "supabase_secret_key",
        needs_name: false,
        make: supabase_secret,
    },
    Provider {
        id: "neon-api-key",
        var: "neon_api_key",
        needs_name: false,
        make: neon,
    },
    Provider {
        id: "upstash-redis-token",
        var: "upstash_redis_rest_token",
        needs_name: true,
        make: upstash_redis,
    },
    Provider {
        id: "upstash-qstash-token",
        var: "qstash_token",
        needs_name: false,
        make: upstash_qstash,
    },
    Provider {
        id: "databricks-token",
        var: "databricks_token",
        needs_name: false,
        make: databricks,
    },
    Provider {
        id: "confluent-cloud-api-secret",
        var: "confluent_cloud_api_secret",
        needs_name: true,
        make: confluent,
    },
    Provider {
        id: "aiven-token",
        var: "aiven_token",
        needs_name: true,
        make: aiven,
    },
    Provider {
        id: "elastic-api-key",
        var: "elasticsearch_api_key",
        needs_name: true,
        make: elastic,
    },
    Provider {
        id: "mongodb-atlas-service-account-secret",
        var: "atlas_client_secret",
        needs_name: false,
        make: atlas_sa,
    },
    Provider {
        id: "mongodb-atlas-api-private-key",
        var: "mongodb_atlas_private_key",
        needs_name: true,
        make: atlas_private,
    },
    Provider {
        id: "softlayer-api-key",
        var: "softlayer_api_key",
        needs_name: true,
        make: softlayer,
    },
    Provider {
        id: "new-relic-user-api-key",
        var: "new_relic_api_key",
        needs_name: false,
        make: newrelic_user,
    },
    Provider {
        id: "new-relic-license-key",
        var: "new_relic_license_key",
        needs_name: false,
        make: newrelic_license,
    },
    Provider {
        id: "new-relic-license-key-legacy",
        var: "new_relic_license_key",
        needs_name: true,
        make: newrelic_license_legacy,
    },
    Provider {
        id: "new-relic-insights-key",
        var: "new_relic_insert_key",
        needs_name: false,
        make: newrelic_insights,
    },
    Provider {
        id: "new-relic-rest-api-key",
        var: "new_relic_rest_api_key",
        needs_name: false,
        make: newrelic_rest,
    },
    Provider {
        id: "new-relic-admin-api-key",
        var: "new_relic_admin_api_key",
        needs_name: false,
        make: newrelic_admin,
    },
    Provider {
        id: "grafana-cloud-api-token",
        var: "grafana_cloud_token",
        needs_name: false,
        make: grafana_cloud,
    },
    Provider {
        id: "grafana-api-key-legacy",
        var: "grafana_api_key",
        needs_name: false,
        make: grafana_legacy,
    },
    Provider {
        id: "honeycomb-api-key",
        var: "honeycomb_ingest_key",
        needs_name: false,
        make: honeycomb,
    },
    Provider {
        id: "honeycomb-legacy-key",
        var: "honeycomb_api_key",
        needs_name: true,
        make: honeycomb_legacy,
    },
    Provider {
        id: "sumologic-access-id",
        var: "sumologic_access_id",
        needs_name: true,
        make: sumo_id,
    },
    Provider {
        id: "sumologic-access-key",
        var: "sumologic_access_key",
        needs_name: true,
        make: sumo_key,
    },
    Provider {
        id: "sumologic-http-source-url",
        var: "sumo_http_source_url",
        needs_name: false,
        make: sumo_url,
    },
    Provider {
        id: "splunk-hec-token",
        var: "splunk_hec_token",
        needs_name: true,
        make: splunk_hec,
    },
    Provider {
        id: "splunk-observability-token",
        var: "splunk_access_token",
        needs_name: true,
        make: splunk_o11y,
    },
    Provider {
        id: "dynatrace-api-token",
        var: "dt_api_token",
        needs_name: false,
        make: dynatrace,
    },
    Provider {
        id: "lightstep-access-token",
        var: "lightstep_access_token",
        needs_name: true,
        make: lightstep,
    },
    Provider {
        id: "logzio-token",
        var: "logzio_token",
        needs_name: true,
        make: logzio,
    },
    Provider {
        id: "loggly-token",
        var: "loggly_token",
        needs_name: true,
        make: loggly,
    },
    Provider {
        id: "rollbar-access-token",
        var: "rollbar_access_token",
        needs_name: true,
        make: rollbar,
    },
    Provider {
        id: "bugsnag-api-key",
        var: "bugsnag_api_key",
        needs_name: true,
        make: bugsnag,
    },
    Provider {
        id: "raygun-api-key",
        var: "raygun_api_key",
        needs_name: true,
        make: raygun,
    },
    Provider {
        id: "pagerduty-api-key",
        var: "pagerduty_api_key",
        needs_name: true,
        make: pagerduty,
    },
    Provider {
        id: "pagerduty-integration-key",
        var: "pagerduty_integration_key",
        needs_name: true,
        make: pagerduty_integration,
    },
    Provider {
        id: "opsgenie-api-key",
        var: "opsgenie_api_key",
        needs_name: true,
        make: opsgenie,
    },
    Provider {
        id: "axiom-token",
        var: "axiom_token",
        needs_name: false,
        make: axiom,
    },
    Provider {
        id: "checkly-api-key",
        var: "checkly_api_key",
        needs_name: false,
        make: checkly,
    },
    Provider {
        id: "betterstack-token",
        var: "logtail_source_token",
        needs_name: true,
        make: betterstack,
    },
    Provider {
        id: "uptimerobot-api-key",
        var: "uptimerobot_api_key",
        needs_name: true,
        make: uptimerobot,
    },
    Provider {
        id: "logdna-ingestion-key",
        var: "logdna_ingestion_key",
        needs_name: true,
        make: logdna,
    },
    Provider {
        id: "circleci-token",
        var: "circle_token",
        needs_name: false,
        make: circleci,
    },
    Provider {
        id: "circleci-token-legacy",
        var: "circle_token",
        needs_name: true,
        make: circleci_legacy,
    },
    Provider {
        id: "travis-ci-token",
        var: "travis_api_token",
        needs_name: true,
        make: travis,
    },
    Provider {
        id: "buildkite-api-token",
        var: "buildkite_api_token",
        needs_name: false,
        make: buildkite_api,
    },
    Provider {
        id: "buildkite-agent-token",
        var: "buildkite_agent_token",
        needs_name: false,
        make: buildkite_agent,
    },
    Provider {
        id: "buildkite-agent-token-legacy",
        var: "buildkite_agent_token",
        needs_name: true,
        make: buildkite_agent_legacy,
    },
    Provider {
        id: "teamcity-token",
        var: "teamcity_token",
        needs_name: false,
        make: teamcity,
    },
    Provider {
        id: "jenkins-api-token",
        var: "jenkins_api_token",
        needs_name: true,
        make: jenkins,
    },
    Provider {
        id: "harness-token",
        var: "harness_platform_api_key",
        needs_name: false,
        make: harness,
    },
    Provider {
        id: "drone-ci-token",
        var: "drone_token",
        needs_name: true,
        make: drone,
    },
];
