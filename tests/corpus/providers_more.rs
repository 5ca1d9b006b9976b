//! Generators for the providers of `rules/providers-more.yaml`: one per provider rule, a
//! public prefix (or none) plus a random body in the vendor's format. Formats without a prefix
//! (hex, UUIDs, bare letters and digits) are `needs_name`: the corpus writes them under a
//! variable that names the provider. Only prefixes appear in this file.

use super::gen::Gen;
use super::providers::Provider;

/// A random (version 4) UUID.
fn uuid(g: &mut Gen) -> String {
    format!(
        "{}-{}-4{}-a{}-{}",
        g.hex(8),
        g.hex(4),
        g.hex(3),
        g.hex(3),
        g.hex(12)
    )
}

fn apilayer_access_key(g: &mut Gen) -> String {
    g.hex(32)
}

fn weatherbit_api_key(g: &mut Gen) -> String {
    g.hex(32)
}

fn newsapi_api_key(g: &mut Gen) -> String {
    g.hex(32)
}

fn openweather_api_key(g: &mut Gen) -> String {
    g.hex(32)
}

fn paydirt_api_key(g: &mut Gen) -> String {
    g.hex(32)
}

fn signupgenius_api_key(g: &mut Gen) -> String {
    g.hex(32)
}

fn detectlanguage_api_key(g: &mut Gen) -> String {
    g.hex(32)
}

fn prospect_crm_api_key(g: &mut Gen) -> String {
    g.hex(32)
}

fn scrapfly_api_key_bare(g: &mut Gen) -> String {
    g.hex(32)
}

fn pdfshift_api_key(g: &mut Gen) -> String {
    g.hex(32)
}

fn tyntec_api_key(g: &mut Gen) -> String {
    g.alnum(32)
}

fn todoist_api_token(g: &mut Gen) -> String {
    g.hex(40)
}

fn owlbot_api_token(g: &mut Gen) -> String {
    g.hex(40)
}

fn helpscout_api_key(g: &mut Gen) -> String {
    g.hex(40)
}

fn monkeylearn_api_key(g: &mut Gen) -> String {
    g.hex(40)
}

fn lunchmoney_access_token(g: &mut Gen) -> String {
    g.hex(50)
}

fn daily_api_key(g: &mut Gen) -> String {
    g.hex(64)
}

fn appsynergy_api_key(g: &mut Gen) -> String {
    g.s("lalnum", 64)
}

fn nimble_api_key(g: &mut Gen) -> String {
    g.alnum(30)
}

fn clockify_api_key(g: &mut Gen) -> String {
    g.alnum(48)
}

fn eventbrite_private_token(g: &mut Gen) -> String {
    g.s("b32", 20)
}

fn nuget_api_key_bare(g: &mut Gen) -> String {
    g.s("lalnum", 46)
}

fn scrapeowl_api_key(g: &mut Gen) -> String {
    g.s("lalnum", 30)
}

fn mailsac_api_key(g: &mut Gen) -> String {
    format!("k_{}", g.alnum(36))
}

fn beamer_api_key(g: &mut Gen) -> String {
    format!("b_{}", g.alnum(44))
}

fn nasdaq_data_link_api_key(g: &mut Gen) -> String {
    g.alnum(20)
}

fn swiftype_api_key(g: &mut Gen) -> String {
    g.alnum(20)
}

fn foursquare_client_secret(g: &mut Gen) -> String {
    g.s("b32", 48)
}

fn scrapingbee_api_key(g: &mut Gen) -> String {
    g.s("b32", 80)
}

fn atlassian_api_token_legacy(g: &mut Gen) -> String {
    g.alnum(24)
}

fn shortcut_api_token(g: &mut Gen) -> String {
    uuid(g)
}

fn blocknative_api_key(g: &mut Gen) -> String {
    uuid(g)
}

fn coinapi_api_key(g: &mut Gen) -> String {
    uuid(g)
}

fn wise_api_token(g: &mut Gen) -> String {
    uuid(g)
}

fn moosend_api_key(g: &mut Gen) -> String {
    uuid(g)
}

fn urlscan_api_key(g: &mut Gen) -> String {
    uuid(g)
}

fn holidayapi_api_key(g: &mut Gen) -> String {
    uuid(g)
}

fn graphhopper_api_key(g: &mut Gen) -> String {
    uuid(g)
}

fn insightly_api_key(g: &mut Gen) -> String {
    uuid(g)
}

fn loginradius_api_key(g: &mut Gen) -> String {
    uuid(g)
}

fn adafruit_io_key(g: &mut Gen) -> String {
    format!("aio_{}", g.alnum(28))
}

fn dependency_track_api_key(g: &mut Gen) -> String {
    format!("odt_{}", g.alnum(32))
}

fn ionic_access_token(g: &mut Gen) -> String {
    format!("ion_{}", g.alnum(42))
}

fn scrapfly_api_key(g: &mut Gen) -> String {
    format!("scp-live-{}", g.hex(32))
}

fn ubidots_token(g: &mut Gen) -> String {
    format!("BBFF-{}", g.alnum(30))
}

fn maxmind_license_key(g: &mut Gen) -> String {
    format!("{}_{}_mmk", g.alnum(6), g.alnum(29))
}

fn teamwork_api_token(g: &mut Gen) -> String {
    format!("tkn.v1_{}=", g.s("b64", 68))
}

fn thingsboard_device_token(g: &mut Gen) -> String {
    format!(
        "https://thingsboard.cloud/api/v1/{}/telemetry",
        g.s("lalnum", 20)
    )
}

fn truenas_api_key(g: &mut Gen) -> String {
    format!("{}-{}", g.range(1, 40), g.alnum(64))
}

/// One generator per provider rule of `rules/providers-more.yaml`.
pub const PROVIDERS: &[Provider] = &[
    Provider {
        id: "apilayer-access-key",
        var: "ipstack_access_key",
        needs_name: true,
        make: apilayer_access_key,
    },
    Provider {
        id: "weatherbit-api-key",
        var: "weatherbit_api_key",
        needs_name: true,
        make: weatherbit_api_key,
    },
    Provider {
        id: "newsapi-api-key",
        var: "newsapi_key",
        needs_name: true,
        make: newsapi_api_key,
    },
    Provider {
        id: "openweather-api-key",
        var: "openweather_api_key",
        needs_name: true,
        make: openweather_api_key,
    },
    Provider {
        id: "paydirt-api-key",
        var: "paydirt_api_key",
        needs_name: true,
        make: paydirt_api_key,
    },
    Provider {
        id: "signupgenius-api-key",
        var: "signupgenius_api_key",
        needs_name: true,
        make: signupgenius_api_key,
    },
    Provider {
        id: "detectlanguage-api-key",
        var: "detectlanguage_api_key",
        needs_name: true,
        make: detectlanguage_api_key,
    },
    Provider {
        id: "prospect-crm-api-key",
        var: "prospect_crm_api_key",
        needs_name: true,
        make: prospect_crm_api_key,
    },
    Provider {
        id: "scrapfly-api-key-bare",
        var: "scrapfly_api_key",
        needs_name: true,
        make: scrapfly_api_key_bare,
    },
    Provider {
        id: "pdfshift-api-key",
        var: "pdfshift_api_key",
        needs_name: true,
        make: pdfshift_api_key,
    },
    Provider {
        id: "tyntec-api-key",
        var: "tyntec_api_key",
        needs_name: true,
        make: tyntec_api_key,
    },
    Provider {
        id: "todoist-api-token",
        var: "todoist_api_token",
        needs_name: true,
        make: todoist_api_token,
    },
    Provider {
        id: "owlbot-api-token",
        var: "owlbot_api_token",
        needs_name: true,
        make: owlbot_api_token,
    },
    Provider {
        id: "helpscout-api-key",
        var: "helpscout_api_key",
        needs_name: true,
        make: helpscout_api_key,
    },
    Provider {
        id: "monkeylearn-api-key",
        var: "monkeylearn_api_key",
        needs_name: true,
        make: monkeylearn_api_key,
    },
    Provider {
        id: "lunchmoney-access-token",
        var: "lunchmoney_access_token",
        needs_name: true,
        make: lunchmoney_access_token,
    },
    Provider {
        id: "daily-api-key",
        var: "daily_api_key",
        needs_name: true,
        make: daily_api_key,
    },
    Provider {
        id: "appsynergy-api-key",
        var: "appsynergy_api_key",
        needs_name: true,
        make: appsynergy_api_key,
    },
    Provider {
        id: "nimble-api-key",
        var: "nimble_api_key",
        needs_name: true,
        make: nimble_api_key,
    },
    Provider {
        id: "clockify-api-key",
        var: "clockify_api_key",
        needs_name: true,
        make: clockify_api_key,
    },
    Provider {
        id: "eventbrite-private-token",
        var: "eventbrite_private_token",
        needs_name: true,
        make: eventbrite_private_token,
    },
    Provider {
        id: "nuget-api-key-bare",
        var: "nuget_api_key",
        needs_name: true,
        make: nuget_api_key_bare,
    },
    Provider {
        id: "scrapeowl-api-key",
        var: "scrapeowl_api_key",
        needs_name: true,
        make: scrapeowl_api_key,
    },
    Provider {
        id: "mailsac-api-key",
        var: "mailsac_api_key",
        needs_name: true,
        make: mailsac_api_key,
    },
    Provider {
        id: "beamer-api-key",
        var: "beamer_api_key",
        needs_name: true,
        make: beamer_api_key,
    },
    Provider {
        id: "nasdaq-data-link-api-key",
        var: "nasdaq_data_link_api_key",
        needs_name: true,
        make: nasdaq_data_link_api_key,
    },
    Provider {
        id: "swiftype-api-key",
        var: "swiftype_api_key",
        needs_name: true,
        make: swiftype_api_key,
    },
    Provider {
        id: "foursquare-client-secret",
        var: "foursquare_client_secret",
        needs_name: true,
        make: foursquare_client_secret,
    },
    Provider {
        id: "scrapingbee-api-key",
        var: "scrapingbee_api_key",
        needs_name: true,
        make: scrapingbee_api_key,
    },
    Provider {
        id: "atlassian-api-token-legacy",
        var: "atlassian_api_token",
        needs_name: true,
        make: atlassian_api_token_legacy,
    },
    Provider {
        id: "shortcut-api-token",
        var: "shortcut_api_token",
        needs_name: true,
        make: shortcut_api_token,
    },
    Provider {
        id: "blocknative-api-key",
        var: "blocknative_api_key",
        needs_name: true,
        make: blocknative_api_key,
    },
    Provider {
        id: "coinapi-api-key",
        var: "coinapi_key",
        needs_name: true,
        make: coinapi_api_key,
    },
    Provider {
        id: "wise-api-token",
        var: "wise_api_token",
        needs_name: true,
        make: wise_api_token,
    },
    Provider {
        id: "moosend-api-key",
        var: "moosend_api_key",
        needs_name: true,
        make: moosend_api_key,
    },
    Provider {
        id: "urlscan-api-key",
        var: "urlscan_api_key",
        needs_name: true,
        make: urlscan_api_key,
    },
    Provider {
        id: "holidayapi-api-key",
        var: "holidayapi_key",
        needs_name: true,
        make: holidayapi_api_key,
    },
    Provider {
        id: "graphhopper-api-key",
        var: "graphhopper_api_key",
        needs_name: true,
        make: graphhopper_api_key,
    },
    Provider {
        id: "insightly-api-key",
        var: "insightly_api_key",
        needs_name: true,
        make: insightly_api_key,
    },
    Provider {
        id: "loginradius-api-key",
        var: "loginradius_api_key",
        needs_name: true,
        make: loginradius_api_key,
    },
    Provider {
        id: "adafruit-io-key",
        var: "adafruit_io_key",
        needs_name: false,
        make: adafruit_io_key,
    },
    Provider {
        id: "dependency-track-api-key",
        var: "dtrack_api_key",
        needs_name: false,
        make: dependency_track_api_key,
    },
    Provider {
        id: "ionic-access-token",
        var: "ionic_token",
        needs_name: false,
        make: ionic_access_token,
    },
    Provider {
        id: "scrapfly-api-key",
        var: "scrapfly_key",
        needs_name: false,
        make: scrapfly_api_key,
    },
    Provider {
        id: "ubidots-token",
        var: "ubidots_token",
        needs_name: false,
        make: ubidots_token,
    },
    Provider {
        id: "maxmind-license-key",
        var: "maxmind_license_key",
        needs_name: false,
        make: maxmind_license_key,
    },
    Provider {
        id: "teamwork-api-token",
        var: "teamwork_api_token",
        needs_name: false,
        make: teamwork_api_token,
    },
    Provider {
        id: "thingsboard-device-token",
        var: "thingsboard_telemetry_url",
        needs_name: false,
        make: thingsboard_device_token,
    },
    Provider {
        id: "truenas-api-key",
        var: "truenas_api_key",
        needs_name: true,
        make: truenas_api_key,
    },
];
