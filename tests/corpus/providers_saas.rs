//! Generators for the SaaS providers (`rules/providers-saas.yaml`): communication and email,
//! social platforms, payments and commerce, CRM and productivity, marketing and analytics,
//! identity and AI: one per rule, a public prefix plus a random body in the vendor's format.
//! Only prefixes appear in this file.

use super::gen::Gen;
use super::providers::Provider;

fn intercom(g: &mut Gen) -> String {
    // The base64 of `tok:` + a UUID with underscores + `:1:0`.
    let raw = format!("tok:{}:1:0", g.uuid().replace('-', "_"));
    Gen::base64(raw.as_bytes())
}

fn teams_webhook(g: &mut Gen) -> String {
    let (group, tenant, app, owner) = (g.uuid(), g.uuid(), g.hex(32), g.uuid());
    format!(
        "https://acme.webhook.office.com/webhookb2/{group}@{tenant}/IncomingWebhook/{app}/{owner}"
    )
}

fn twitter_bearer(g: &mut Gen) -> String {
    // Runs of `A` (zero bytes before base64) around the app id, then URL-encoded base64.
    format!(
        "{}{}{}{}%2B{}%3D{}",
        "A".repeat(21),
        g.alnum(4),
        "A".repeat(8),
        g.alnum(10),
        g.alnum(20),
        g.alnum(50)
    )
}

fn facebook_token(g: &mut Gen) -> String {
    let p = g.pick(&["EAAB", "EAAG", "EAAJ", "EAAC"]);
    format!("{p}{}", g.alnum_in(150, 230))
}

fn notion(g: &mut Gen) -> String {
    if g.chance(50) {
        format!("ntn_{}{}", g.digits(11), g.alnum(35))
    } else {
        format!("secret_{}", g.alnum(43))
    }
}

fn clickup(g: &mut Gen) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let body: String = (0..32).map(|_| A[g.below(A.len())] as char).collect();
    format!("pk_{}_{body}", g.digits(8))
}

fn courier(g: &mut Gen) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let body: String = (0..28).map(|_| A[g.below(A.len())] as char).collect();
    let p = g.pick(&["pk_prod_", "pk_test_", "dk_prod_", "dk_test_"]);
    format!("{p}{body}")
}

fn mandrill_api_key(g: &mut Gen) -> String {
    g.t("<<b64url:22>>")
}

fn postmark_server_token(g: &mut Gen) -> String {
    g.t("<<hex:8>>-<<hex:4>>-<<hex:4>>-<<hex:4>>-<<hex:12>>")
}

fn sparkpost_api_key(g: &mut Gen) -> String {
    g.t("<<hex:40>>")
}

fn brevo_api_key(g: &mut Gen) -> String {
    g.t("xkeysib-<<hex:64>>-<<alnum:16>>")
}

fn brevo_smtp_key(g: &mut Gen) -> String {
    g.t("xsmtpsib-<<hex:64>>-<<alnum:16>>")
}

fn messagebird_api_key(g: &mut Gen) -> String {
    g.t("<<alnum:25>>")
}

fn vonage_api_secret(g: &mut Gen) -> String {
    g.t("<<alnum:16>>")
}

fn plivo_auth_token(g: &mut Gen) -> String {
    g.t("<<alnum:40>>")
}

fn telnyx_api_key(g: &mut Gen) -> String {
    g.t("KEY01<<HEX:30>>_<<alnum:22>>")
}

fn zendesk_api_token(g: &mut Gen) -> String {
    g.t("<<alnum:40>>")
}

fn freshdesk_api_key(g: &mut Gen) -> String {
    g.t("<<alnum:20>>")
}

fn pusher_app_secret(g: &mut Gen) -> String {
    g.t("<<hex:20>>")
}

fn ably_api_key(g: &mut Gen) -> String {
    g.t("<<alnum:6>>.<<alnum:6>>:<<b64url:43>>")
}

fn getstream_api_secret(g: &mut Gen) -> String {
    g.t("<<lalnum:64>>")
}

fn sendbird_api_token(g: &mut Gen) -> String {
    g.t("<<hex:40>>")
}

fn zoom_client_secret(g: &mut Gen) -> String {
    g.t("<<alnum:32>>")
}

fn line_channel_access_token(g: &mut Gen) -> String {
    g.t("<<b64:171>>=")
}

fn line_channel_secret(g: &mut Gen) -> String {
    g.t("<<hex:32>>")
}

fn twitter_consumer_secret(g: &mut Gen) -> String {
    g.t("<<alnum:50>>")
}

fn twitter_access_token_secret(g: &mut Gen) -> String {
    g.t("<<alnum:45>>")
}

fn facebook_app_secret(g: &mut Gen) -> String {
    g.t("<<hex:32>>")
}

fn linkedin_client_secret(g: &mut Gen) -> String {
    g.t("<<alnum:16>>")
}

fn reddit_client_secret(g: &mut Gen) -> String {
    g.t("<<b64url:27>>")
}

fn braintree_access_token(g: &mut Gen) -> String {
    g.t("access_token$production$<<lalnum:16>>$<<hex:32>>")
}

fn braintree_private_key(g: &mut Gen) -> String {
    g.t("<<hex:32>>")
}

fn paypal_client_secret(g: &mut Gen) -> String {
    g.t("E<<b64url:79>>")
}

fn adyen_api_key(g: &mut Gen) -> String {
    g.t("AQE<<b64:90>>==-<<b64:43>>=")
}

fn razorpay_key_secret(g: &mut Gen) -> String {
    g.t("<<alnum:24>>")
}

fn flutterwave_secret_key(g: &mut Gen) -> String {
    g.t("FLWSECK-<<hex:32>>-X")
}

fn mollie_api_key(g: &mut Gen) -> String {
    g.t("live_<<alnum:30>>")
}

fn checkout_com_secret_key(g: &mut Gen) -> String {
    g.t("sk_<<lalnum:27>>")
}

fn plaid_access_token(g: &mut Gen) -> String {
    g.t("access-production-<<hex:8>>-<<hex:4>>-<<hex:4>>-<<hex:4>>-<<hex:12>>")
}

fn plaid_secret(g: &mut Gen) -> String {
    g.t("<<hex:30>>")
}

fn gocardless_access_token(g: &mut Gen) -> String {
    g.t("live_<<b64url:40>>")
}

fn woocommerce_api_key(g: &mut Gen) -> String {
    g.t("cs_<<hex:40>>")
}

fn bigcommerce_access_token(g: &mut Gen) -> String {
    g.t("<<lalnum:31>>")
}

fn paddle_api_key(g: &mut Gen) -> String {
    g.t("pdl_live_apikey_<<lalnum:26>>_<<alnum:22>>_<<alnum:3>>")
}

fn recurly_api_key(g: &mut Gen) -> String {
    g.t("<<hex:32>>")
}

fn chargebee_api_key(g: &mut Gen) -> String {
    g.t("live_<<alnum:34>>")
}

fn shippo_api_token(g: &mut Gen) -> String {
    g.t("shippo_live_<<hex:40>>")
}

fn easypost_api_key(g: &mut Gen) -> String {
    g.t("EZAK<<alnum:54>>")
}

fn duffel_access_token(g: &mut Gen) -> String {
    g.t("duffel_live_<<b64url:43>>")
}

fn klaviyo_private_api_key(g: &mut Gen) -> String {
    g.t("pk_<<hex:34>>")
}

fn hubspot_private_app_token(g: &mut Gen) -> String {
    g.t("pat-na1-<<hex:8>>-<<hex:4>>-<<hex:4>>-<<hex:4>>-<<hex:12>>")
}

fn hubspot_api_key(g: &mut Gen) -> String {
    g.t("<<hex:8>>-<<hex:4>>-<<hex:4>>-<<hex:4>>-<<hex:12>>")
}

fn salesforce_access_token(g: &mut Gen) -> String {
    g.t("00D<<alnum:15>>!<<alnum:96>>")
}

fn salesforce_refresh_token(g: &mut Gen) -> String {
    g.t("5Aep861<<alnum:80>>")
}

fn salesforce_consumer_secret(g: &mut Gen) -> String {
    g.t("<<HEX:64>>")
}

fn zoho_oauth_token(g: &mut Gen) -> String {
    g.t("1000.<<hex:32>>.<<hex:32>>")
}

fn pipedrive_api_token(g: &mut Gen) -> String {
    g.t("<<hex:40>>")
}

fn airtable_personal_access_token(g: &mut Gen) -> String {
    g.t("pat<<alnum:14>>.<<hex:64>>")
}

fn airtable_api_key(g: &mut Gen) -> String {
    g.t("key<<alnum:14>>")
}

fn asana_personal_access_token(g: &mut Gen) -> String {
    g.t("2/<<digit:16>>/<<digit:16>>:<<hex:32>>")
}

fn trello_api_token(g: &mut Gen) -> String {
    g.t("ATTA<<hex:64>><<HEX:8>>")
}

fn trello_legacy_token(g: &mut Gen) -> String {
    g.t("<<hex:64>>")
}

fn figma_personal_access_token(g: &mut Gen) -> String {
    g.t("figd_<<b64url:40>>")
}

fn figma_legacy_token(g: &mut Gen) -> String {
    g.t("<<digit:4>>-<<hex:8>>-<<hex:4>>-<<hex:4>>-<<hex:4>>-<<hex:12>>")
}

fn miro_access_token(g: &mut Gen) -> String {
    g.t("eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_<<b64url:27>>")
}

fn dropbox_short_lived_token(g: &mut Gen) -> String {
    g.t("sl.B<<b64url:140>>")
}

fn dropbox_api_token(g: &mut Gen) -> String {
    g.t("<<b64url:64>>")
}

fn box_api_token(g: &mut Gen) -> String {
    g.t("<<alnum:32>>")
}

fn typeform_personal_access_token(g: &mut Gen) -> String {
    g.t("tfp_<<b64url:44>>_<<b64url:14>>")
}

fn contentful_personal_access_token(g: &mut Gen) -> String {
    g.t("CFPAT-<<b64url:43>>")
}

fn sanity_api_token(g: &mut Gen) -> String {
    g.t("sk<<alnum:180>>")
}

fn algolia_admin_api_key(g: &mut Gen) -> String {
    g.t("<<hex:32>>")
}

fn mapbox_secret_token(g: &mut Gen) -> String {
    g.t("sk.eyJ1Ijoi<<b64url:16>>IiwiYSI6I<<b64url:20>>.<<b64url:22>>")
}

fn segment_public_api_token(g: &mut Gen) -> String {
    g.t("sgp_<<alnum:64>>")
}

fn mixpanel_api_secret(g: &mut Gen) -> String {
    g.t("<<alnum:32>>")
}

fn amplitude_secret_key(g: &mut Gen) -> String {
    g.t("<<hex:32>>")
}

fn posthog_personal_api_key(g: &mut Gen) -> String {
    g.t("phx_<<alnum:43>>")
}

fn launchdarkly_access_token(g: &mut Gen) -> String {
    g.t("api-<<hex:8>>-<<hex:4>>-<<hex:4>>-<<hex:4>>-<<hex:12>>")
}

fn launchdarkly_sdk_key(g: &mut Gen) -> String {
    g.t("sdk-<<hex:8>>-<<hex:4>>-<<hex:4>>-<<hex:4>>-<<hex:12>>")
}

fn mailjet_api_secret(g: &mut Gen) -> String {
    g.t("<<hex:32>>")
}

fn zapier_webhook_url(g: &mut Gen) -> String {
    g.t("https://hooks.zapier.com/hooks/catch/<<digit:8>>/<<lalnum:7>>/")
}

fn webflow_api_token(g: &mut Gen) -> String {
    g.t("<<hex:64>>")
}

fn twitch_client_secret(g: &mut Gen) -> String {
    g.t("<<lalnum:30>>")
}

fn spotify_client_secret(g: &mut Gen) -> String {
    g.t("<<hex:32>>")
}

fn okta_api_token(g: &mut Gen) -> String {
    g.t("00<<b64url:40>>")
}

fn auth0_client_secret(g: &mut Gen) -> String {
    g.t("<<b64url:64>>")
}

fn stytch_secret(g: &mut Gen) -> String {
    g.t("secret-live-<<b64url:36>>")
}

fn frameio_developer_token(g: &mut Gen) -> String {
    g.t("fio-u-<<b64url:64>>")
}

fn readme_api_key(g: &mut Gen) -> String {
    g.t("rdme_<<lalnum:70>>")
}

fn cohere_api_key(g: &mut Gen) -> String {
    g.t("<<alnum:40>>")
}

fn replicate_api_token(g: &mut Gen) -> String {
    g.t("r8_<<alnum:37>>")
}

fn groq_api_key(g: &mut Gen) -> String {
    g.t("gsk_<<alnum:52>>")
}

fn mistral_api_key(g: &mut Gen) -> String {
    g.t("<<alnum:32>>")
}

fn perplexity_api_key(g: &mut Gen) -> String {
    g.t("pplx-<<alnum:48>>")
}

fn deepseek_api_key(g: &mut Gen) -> String {
    g.t("sk-<<hex:32>>")
}

fn together_api_key(g: &mut Gen) -> String {
    g.t("<<hex:64>>")
}

fn fireworks_api_key(g: &mut Gen) -> String {
    g.t("fw_<<alnum:24>>")
}

fn xai_api_key(g: &mut Gen) -> String {
    g.t("xai-<<alnum:80>>")
}

fn elevenlabs_api_key(g: &mut Gen) -> String {
    g.t("sk_<<hex:48>>")
}

fn elevenlabs_legacy_api_key(g: &mut Gen) -> String {
    g.t("<<hex:32>>")
}

fn assemblyai_api_key(g: &mut Gen) -> String {
    g.t("<<hex:32>>")
}

fn deepgram_api_key(g: &mut Gen) -> String {
    g.t("<<hex:40>>")
}

fn pinecone_api_key(g: &mut Gen) -> String {
    g.t("pcsk_<<alnum:6>>_<<alnum:63>>")
}

fn pinecone_legacy_api_key(g: &mut Gen) -> String {
    g.t("<<hex:8>>-<<hex:4>>-<<hex:4>>-<<hex:4>>-<<hex:12>>")
}

fn langsmith_api_key(g: &mut Gen) -> String {
    g.t("lsv2_pt_<<hex:32>>_<<hex:10>>")
}

fn openrouter_api_key(g: &mut Gen) -> String {
    g.t("sk-or-v1-<<hex:64>>")
}

fn voyage_api_key(g: &mut Gen) -> String {
    g.t("pa-<<b64url:43>>")
}

fn cerebras_api_key(g: &mut Gen) -> String {
    g.t("csk-<<lalnum:48>>")
}

fn nvidia_api_key(g: &mut Gen) -> String {
    g.t("nvapi-<<b64url:64>>")
}

fn tavily_api_key(g: &mut Gen) -> String {
    g.t("tvly-<<alnum:32>>")
}

fn langfuse_secret_key(g: &mut Gen) -> String {
    g.t("sk-lf-<<hex:8>>-<<hex:4>>-<<hex:4>>-<<hex:4>>-<<hex:12>>")
}

fn serpapi_api_key(g: &mut Gen) -> String {
    g.t("<<hex:64>>")
}

fn firecrawl_api_key(g: &mut Gen) -> String {
    g.t("fc-<<hex:32>>")
}

fn jina_api_key(g: &mut Gen) -> String {
    g.t("jina_<<hex:32>><<b64url:28>>")
}

fn azure_openai_api_key(g: &mut Gen) -> String {
    g.t("<<hex:32>>")
}

fn twitter_access_token(g: &mut Gen) -> String {
    format!("{}-{}", g.digits_in(10, 19), g.alnum(40))
}

fn facebook_app_access_token(g: &mut Gen) -> String {
    format!("{}|{}", g.digits(16), g.hex(32))
}

fn instagram_access_token(g: &mut Gen) -> String {
    format!("IGQVJ{}", g.s_in("b64url", 150, 220))
}

fn twitch_stream_key(g: &mut Gen) -> String {
    format!("live_{}_{}", g.digits(9), g.alnum(30))
}

/// One generator per rule id of `rules/providers-saas.yaml`.
pub const PROVIDERS: &[Provider] = &[
    Provider {
        id: "mandrill-api-key",
        var: "mandrill_api_key",
        needs_name: true,
        make: mandrill_api_key,
    },
    Provider {
        id: "postmark-server-token",
        var: "postmark_server_token",
        needs_name: true,
        make: postmark_server_token,
    },
    Provider {
        id: "sparkpost-api-key",
        var: "sparkpost_api_key",
        needs_name: true,
        make: sparkpost_api_key,
    },
    Provider {
        id: "brevo-api-key",
        var: "brevo_api_key",
        needs_name: false,
        make: brevo_api_key,
    },
    Provider {
        id: "brevo-smtp-key",
        var: "brevo_smtp_password",
        needs_name: false,
        make: brevo_smtp_key,
    },
    Provider {
        id: "messagebird-api-key",
        var: "messagebird_access_key",
        needs_name: true,
        make: messagebird_api_key,
    },
    Provider {
        id: "vonage-api-secret",
        var: "vonage_api_secret",
        needs_name: true,
        make: vonage_api_secret,
    },
    Provider {
        id: "plivo-auth-token",
        var: "plivo_auth_token",
        needs_name: true,
        make: plivo_auth_token,
    },
    Provider {
        id: "telnyx-api-key",
        var: "telnyx_api_key",
        needs_name: false,
        make: telnyx_api_key,
    },
    Provider {
        id: "intercom-access-token",
        var: "intercom_access_token",
        needs_name: false,
        make: intercom,
    },
    Provider {
        id: "zendesk-api-token",
        var: "zendesk_api_token",
        needs_name: true,
        make: zendesk_api_token,
    },
    Provider {
        id: "freshdesk-api-key",
        var: "freshdesk_api_key",
        needs_name: true,
        make: freshdesk_api_key,
    },
    Provider {
        id: "pusher-app-secret",
        var: "pusher_app_secret",
        needs_name: true,
        make: pusher_app_secret,
    },
    Provider {
        id: "ably-api-key",
        var: "ably_api_key",
        needs_name: true,
        make: ably_api_key,
    },
    Provider {
        id: "getstream-api-secret",
        var: "stream_api_secret",
        needs_name: true,
        make: getstream_api_secret,
    },
    Provider {
        id: "sendbird-api-token",
        var: "sendbird_api_token",
        needs_name: true,
        make: sendbird_api_token,
    },
    Provider {
        id: "microsoft-teams-webhook-url",
        var: "teams_webhook_url",
        needs_name: false,
        make: teams_webhook,
    },
    Provider {
        id: "zoom-client-secret",
        var: "zoom_client_secret",
        needs_name: true,
        make: zoom_client_secret,
    },
    Provider {
        id: "line-channel-access-token",
        var: "line_channel_access_token",
        needs_name: true,
        make: line_channel_access_token,
    },
    Provider {
        id: "line-channel-secret",
        var: "line_channel_secret",
        needs_name: true,
        make: line_channel_secret,
    },
    Provider {
        id: "courier-api-key",
        var: "courier_auth_token",
        needs_name: false,
        make: courier,
    },
    Provider {
        id: "twitter-bearer-token",
        var: "twitter_bearer_token",
        needs_name: false,
        make: twitter_bearer,
    },
    Provider {
        id: "twitter-consumer-secret",
        var: "twitter_consumer_secret",
        needs_name: true,
        make: twitter_consumer_secret,
    },
    Provider {
        id: "twitter-access-token",
        var: "twitter_access_token",
        needs_name: true,
        make: twitter_access_token,
    },
    Provider {
        id: "twitter-access-token-secret",
        var: "twitter_access_token_secret",
        needs_name: true,
        make: twitter_access_token_secret,
    },
    Provider {
        id: "facebook-access-token",
        var: "fb_page_access_token",
        needs_name: false,
        make: facebook_token,
    },
    Provider {
        id: "facebook-app-secret",
        var: "facebook_app_secret",
        needs_name: true,
        make: facebook_app_secret,
    },
    Provider {
        id: "facebook-app-access-token",
        var: "facebook_app_token",
        needs_name: true,
        make: facebook_app_access_token,
    },
    Provider {
        id: "instagram-access-token",
        var: "instagram_access_token",
        needs_name: false,
        make: instagram_access_token,
    },
    Provider {
        id: "linkedin-client-secret",
        var: "linkedin_client_secret",
        needs_name: true,
        make: linkedin_client_secret,
    },
    Provider {
        id: "reddit-client-secret",
        var: "reddit_client_secret",
        needs_name: true,
        make: reddit_client_secret,
    },
    Provider {
        id: "braintree-access-token",
        var: "braintree_access_token",
        needs_name: false,
        make: braintree_access_token,
    },
    Provider {
        id: "braintree-private-key",
        var: "braintree_private_key",
        needs_name: true,
        make: braintree_private_key,
    },
    Provider {
        id: "paypal-client-secret",
        var: "paypal_client_secret",
        needs_name: true,
        make: paypal_client_secret,
    },
    Provider {
        id: "adyen-api-key",
        var: "adyen_api_key",
        needs_name: false,
        make: adyen_api_key,
    },
    Provider {
        id: "razorpay-key-secret",
        var: "razorpay_key_secret",
        needs_name: true,
        make: razorpay_key_secret,
    },
    Provider {
        id: "flutterwave-secret-key",
        var: "flw_secret_key",
        needs_name: false,
        make: flutterwave_secret_key,
    },
    Provider {
        id: "mollie-api-key",
        var: "mollie_api_key",
        needs_name: true,
        make: mollie_api_key,
    },
    Provider {
        id: "checkout-com-secret-key",
        var: "cko_secret_key",
        needs_name: true,
        make: checkout_com_secret_key,
    },
    Provider {
        id: "plaid-access-token",
        var: "plaid_access_token",
        needs_name: false,
        make: plaid_access_token,
    },
    Provider {
        id: "plaid-secret",
        var: "plaid_secret",
        needs_name: true,
        make: plaid_secret,
    },
    Provider {
        id: "gocardless-access-token",
        var: "gocardless_access_token",
        needs_name: true,
        make: gocardless_access_token,
    },
    Provider {
        id: "woocommerce-api-key",
        var: "woocommerce_consumer_secret",
        needs_name: false,
        make: woocommerce_api_key,
    },
    Provider {
        id: "bigcommerce-access-token",
        var: "bigcommerce_access_token",
        needs_name: true,
        make: bigcommerce_access_token,
    },
    Provider {
        id: "paddle-api-key",
        var: "paddle_api_key",
        needs_name: false,
        make: paddle_api_key,
    },
    Provider {
        id: "recurly-api-key",
        var: "recurly_api_key",
        needs_name: true,
        make: recurly_api_key,
    },
    Provider {
        id: "chargebee-api-key",
        var: "chargebee_api_key",
        needs_name: true,
        make: chargebee_api_key,
    },
    Provider {
        id: "shippo-api-token",
        var: "shippo_api_token",
        needs_name: false,
        make: shippo_api_token,
    },
    Provider {
        id: "easypost-api-key",
        var: "easypost_api_key",
        needs_name: false,
        make: easypost_api_key,
    },
    Provider {
        id: "duffel-access-token",
        var: "duffel_access_token",
        needs_name: false,
        make: duffel_access_token,
    },
    Provider {
        id: "klaviyo-private-api-key",
        var: "klaviyo_private_key",
        needs_name: false,
        make: klaviyo_private_api_key,
    },
    Provider {
        id: "hubspot-private-app-token",
        var: "hubspot_access_token",
        needs_name: false,
        make: hubspot_private_app_token,
    },
    Provider {
        id: "hubspot-api-key",
        var: "hubspot_api_key",
        needs_name: true,
        make: hubspot_api_key,
    },
    Provider {
        id: "salesforce-access-token",
        var: "sf_access_token",
        needs_name: false,
        make: salesforce_access_token,
    },
    Provider {
        id: "salesforce-refresh-token",
        var: "sf_refresh_token",
        needs_name: false,
        make: salesforce_refresh_token,
    },
    Provider {
        id: "salesforce-consumer-secret",
        var: "salesforce_consumer_secret",
        needs_name: true,
        make: salesforce_consumer_secret,
    },
    Provider {
        id: "zoho-oauth-token",
        var: "zoho_refresh_token",
        needs_name: false,
        make: zoho_oauth_token,
    },
    Provider {
        id: "pipedrive-api-token",
        var: "pipedrive_api_token",
        needs_name: true,
        make: pipedrive_api_token,
    },
    Provider {
        id: "notion-integration-token",
        var: "notion_token",
        needs_name: false,
        make: notion,
    },
    Provider {
        id: "airtable-personal-access-token",
        var: "airtable_token",
        needs_name: true,
        make: airtable_personal_access_token,
    },
    Provider {
        id: "airtable-api-key",
        var: "airtable_api_key",
        needs_name: true,
        make: airtable_api_key,
    },
    Provider {
        id: "asana-personal-access-token",
        var: "asana_access_token",
        needs_name: true,
        make: asana_personal_access_token,
    },
    Provider {
        id: "trello-api-token",
        var: "trello_token",
        needs_name: false,
        make: trello_api_token,
    },
    Provider {
        id: "trello-legacy-token",
        var: "trello_token",
        needs_name: true,
        make: trello_legacy_token,
    },
    Provider {
        id: "clickup-api-token",
        var: "clickup_api_token",
        needs_name: false,
        make: clickup,
    },
    Provider {
        id: "figma-personal-access-token",
        var: "figma_token",
        needs_name: false,
        make: figma_personal_access_token,
    },
    Provider {
        id: "figma-legacy-token",
        var: "figma_token",
        needs_name: true,
        make: figma_legacy_token,
    },
    Provider {
        id: "miro-access-token",
        var: "miro_access_token",
        needs_name: false,
        make: miro_access_token,
    },
    Provider {
        id: "dropbox-short-lived-token",
        var: "dropbox_access_token",
        needs_name: false,
        make: dropbox_short_lived_token,
    },
    Provider {
        id: "dropbox-api-token",
        var: "dropbox_refresh_token",
        needs_name: true,
        make: dropbox_api_token,
    },
    Provider {
        id: "box-api-token",
        var: "box_client_secret",
        needs_name: true,
        make: box_api_token,
    },
    Provider {
        id: "typeform-personal-access-token",
        var: "typeform_token",
        needs_name: false,
        make: typeform_personal_access_token,
    },
    Provider {
        id: "contentful-personal-access-token",
        var: "contentful_management_token",
        needs_name: false,
        make: contentful_personal_access_token,
    },
    Provider {
        id: "sanity-api-token",
        var: "sanity_api_token",
        needs_name: true,
        make: sanity_api_token,
    },
    Provider {
        id: "algolia-admin-api-key",
        var: "algolia_admin_key",
        needs_name: true,
        make: algolia_admin_api_key,
    },
    Provider {
        id: "mapbox-secret-token",
        var: "mapbox_secret_token",
        needs_name: false,
        make: mapbox_secret_token,
    },
    Provider {
        id: "segment-public-api-token",
        var: "segment_public_api_token",
        needs_name: false,
        make: segment_public_api_token,
    },
    Provider {
        id: "mixpanel-api-secret",
        var: "mixpanel_api_secret",
        needs_name: true,
        make: mixpanel_api_secret,
    },
    Provider {
        id: "amplitude-secret-key",
        var: "amplitude_secret_key",
        needs_name: true,
        make: amplitude_secret_key,
    },
    Provider {
        id: "posthog-personal-api-key",
        var: "posthog_personal_api_key",
        needs_name: false,
        make: posthog_personal_api_key,
    },
    Provider {
        id: "launchdarkly-access-token",
        var: "launchdarkly_access_token",
        needs_name: true,
        make: launchdarkly_access_token,
    },
    Provider {
        id: "launchdarkly-sdk-key",
        var: "launchdarkly_sdk_key",
        needs_name: true,
        make: launchdarkly_sdk_key,
    },
    Provider {
        id: "mailjet-api-secret",
        var: "mailjet_secret_key",
        needs_name: true,
        make: mailjet_api_secret,
    },
    Provider {
        id: "zapier-webhook-url",
        var: "zapier_webhook_url",
        needs_name: false,
        make: zapier_webhook_url,
    },
    Provider {
        id: "webflow-api-token",
        var: "webflow_api_token",
        needs_name: true,
        make: webflow_api_token,
    },
    Provider {
        id: "twitch-client-secret",
        var: "twitch_client_secret",
        needs_name: true,
        make: twitch_client_secret,
    },
    Provider {
        id: "twitch-stream-key",
        var: "twitch_stream_key",
        needs_name: false,
        make: twitch_stream_key,
    },
    Provider {
        id: "spotify-client-secret",
        var: "spotify_client_secret",
        needs_name: true,
        make: spotify_client_secret,
    },
    Provider {
        id: "okta-api-token",
        var: "okta_api_token",
        needs_name: true,
        make: okta_api_token,
    },
    Provider {
        id: "auth0-client-secret",
        var: "auth0_client_secret",
        needs_name: true,
        make: auth0_client_secret,
    },
    Provider {
        id: "stytch-secret",
        var: "stytch_secret",
        needs_name: false,
        make: stytch_secret,
    },
    Provider {
        id: "frameio-developer-token",
        var: "frameio_token",
        needs_name: false,
        make: frameio_developer_token,
    },
    Provider {
        id: "readme-api-key",
        var: "readme_api_key",
        needs_name: false,
        make: readme_api_key,
    },
    Provider {
        id: "cohere-api-key",
        var: "cohere_api_key",
        needs_name: true,
        make: cohere_api_key,
    },
    Provider {
        id: "replicate-api-token",
        var: "replicate_api_token",
        needs_name: false,
        make: replicate_api_token,
    },
    Provider {
        id: "groq-api-key",
        var: "groq_api_key",
        needs_name: false,
        make: groq_api_key,
    },
    Provider {
        id: "mistral-api-key",
        var: "mistral_api_key",
        needs_name: true,
        make: mistral_api_key,
    },
    Provider {
        id: "perplexity-api-key",
        var: "perplexity_api_key",
        needs_name: false,
        make: perplexity_api_key,
    },
    Provider {
        id: "deepseek-api-key",
        var: "deepseek_api_key",
        needs_name: true,
        make: deepseek_api_key,
    },
    Provider {
        id: "together-api-key",
        var: "together_api_key",
        needs_name: true,
        make: together_api_key,
    },
    Provider {
        id: "fireworks-api-key",
        var: "fireworks_api_key",
        needs_name: true,
        make: fireworks_api_key,
    },
    Provider {
        id: "xai-api-key",
        var: "xai_api_key",
        needs_name: false,
        make: xai_api_key,
    },
    Provider {
        id: "elevenlabs-api-key",
        var: "elevenlabs_api_key",
        needs_name: false,
        make: elevenlabs_api_key,
    },
    Provider {
        id: "elevenlabs-legacy-api-key",
        var: "elevenlabs_api_key",
        needs_name: true,
        make: elevenlabs_legacy_api_key,
    },
    Provider {
        id: "assemblyai-api-key",
        var: "assemblyai_api_key",
        needs_name: true,
        make: assemblyai_api_key,
    },
    Provider {
        id: "deepgram-api-key",
        var: "deepgram_api_key",
        needs_name: true,
        make: deepgram_api_key,
    },
    Provider {
        id: "pinecone-api-key",
        var: "pinecone_api_key",
        needs_name: false,
        make: pinecone_api_key,
    },
    Provider {
        id: "pinecone-legacy-api-key",
        var: "pinecone_api_key",
        needs_name: true,
        make: pinecone_legacy_api_key,
    },
    Provider {
        id: "langsmith-api-key",
        var: "langsmith_api_key",
        needs_name: false,
        make: langsmith_api_key,
    },
    Provider {
        id: "openrouter-api-key",
        var: "openrouter_api_key",
        needs_name: false,
        make: openrouter_api_key,
    },
    Provider {
        id: "voyage-api-key",
        var: "voyage_api_key",
        needs_name: true,
        make: voyage_api_key,
    },
    Provider {
        id: "cerebras-api-key",
        var: "cerebras_api_key",
        needs_name: false,
        make: cerebras_api_key,
    },
    Provider {
        id: "nvidia-api-key",
        var: "nvidia_api_key",
        needs_name: false,
        make: nvidia_api_key,
    },
    Provider {
        id: "tavily-api-key",
        var: "tavily_api_key",
        needs_name: false,
        make: tavily_api_key,
    },
    Provider {
        id: "langfuse-secret-key",
        var: "langfuse_secret_key",
        needs_name: false,
        make: langfuse_secret_key,
    },
    Provider {
        id: "serpapi-api-key",
        var: "serpapi_api_key",
        needs_name: true,
        make: serpapi_api_key,
    },
    Provider {
        id: "firecrawl-api-key",
        var: "firecrawl_api_key",
        needs_name: true,
        make: firecrawl_api_key,
    },
    Provider {
        id: "jina-api-key",
        var: "jina_api_key",
        needs_name: false,
        make: jina_api_key,
    },
    Provider {
        id: "azure-openai-api-key",
        var: "azure_openai_api_key",
        needs_name: true,
        make: azure_openai_api_key,
    },
];
