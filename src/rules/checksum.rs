//! Checksums and structure checks that provider tokens carry, verified on a captured secret
//! before it is reported (a rule's `checksum:` field).
//!
//! A token whose checksum does not verify was not issued by the provider: it is a made-up
//! value (`ghp_` plus 36 letters typed by hand, a placeholder, a test fixture) or a real one
//! edited on purpose to defang it. Each algorithm here is written from the provider's
//! documented or published format:
//!
//! | name | tokens | what is checked |
//! |---|---|---|
//! | `crc32-base62` | GitHub `ghp_` `gho_` `ghu_` `ghs_` `ghr_`, npm `npm_` | the last 6 characters after the last `_` are the CRC-32 of the characters before them, in base62 (`0-9A-Za-z`), zero-padded |
//! | `gitlab-routable` | GitLab routable tokens (`glpat-...01.xxxxxxxxx`) | the last 7 characters are the CRC-32 of everything before them (prefix included) in base36, zero-padded; the 2 before them give the length of the base64url payload |
//! | `nats-nkey` | NATS NKEY seeds (`SU...`, `SA...`, `SO...`) | base32 of a 2-byte seed prefix, 32 bytes of key and a CRC-16/XMODEM (little-endian) of the rest; the prefix names a key type |
//! | `pypi-macaroon` | PyPI API tokens (`pypi-AgEI...`) | the base64url body is a whole version-2 macaroon: location, identifier, caveats, a 32-byte signature and nothing after it |
//! | `azure-devops-pat` | Azure DevOps personal access tokens (52 base32 characters) | a CRC-32 spread over four bytes of the decoded token, XORed with the user- or application-token constant |
//! | `jwk-private` | JSON Web Keys | the object has a private member: `d` (RSA, EC, OKP) or `k` (`oct`), 16+ base64url characters |
//! | `discord-bot-token` | Discord bot tokens | the first part is the base64 of the bot's numeric id (a snowflake of 17 to 20 digits) |
//! | `jwt` | JSON Web Tokens | header and payload decode to JSON objects, the header names an `alg`, and the payload is not jwt.io's sample |
//! | `vault-token` | HashiCorp Vault tokens (`hvs.`, `hvb.`, `hvr.`) | 90 or more characters after the prefix, as Vault 1.10+ issues them |
//! | `slack-config-token` | Slack configuration and refresh tokens (`xoxe.xoxp-1-`, `xoxe-1-`) | a body of 100 or more letters and digits, digits among them (Slack issues 140 to 170) |
//!
//! The last three are structure checks, not checksums. A JWK without a private member is a
//! public key, and nothing in it is secret: like a failed checksum, it silences the other
//! rules on its text. A string of a Discord token's or a JWT's shape that fails its check is
//! not that credential but may be some other token, so it only stops this rule
//! ([`Checksum::vetoes`]).
//!
//! [`Checksum::verify`] answers `None` for a secret that does not have the checksummed shape
//! at all (a rule may match a legacy format beside the checksummed one), so the caller keeps
//! it. [`Checksum::generate`] builds a valid token from a seeded generator, for the example
//! templates (`<<crc32-base62:30>>`, see [`super::template`]).

use serde::Deserialize;

use super::template::SplitMix64;

/// A checksum (or structure check) a rule verifies on its secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checksum {
    /// GitHub and npm tokens: CRC-32 of the body, 6 base62 characters.
    Crc32Base62,
    /// GitLab routable tokens: CRC-32 of the token, 7 base36 characters.
    GitlabRoutable,
    /// NATS NKEY seeds: CRC-16/XMODEM inside the base32 text.
    NatsNkey,
    /// PyPI API tokens: a well-formed version-2 macaroon.
    PypiMacaroon,
    /// Azure DevOps personal access tokens: an embedded CRC-32.
    AzureDevopsPat,
    /// JSON Web Keys: a private member is present.
    JwkPrivate,
    /// Discord bot tokens: the first part decodes to a numeric id.
    DiscordBotToken,
    /// JSON Web Tokens: header and payload are JSON objects.
    Jwt,
    /// HashiCorp Vault tokens: the length Vault issues after the prefix.
    VaultToken,
    /// Slack configuration and refresh tokens: a long body with digits.
    SlackConfigToken,
}

impl Checksum {
    /// Every algorithm.
    pub const ALL: [Checksum; 10] = [
        Checksum::Crc32Base62,
        Checksum::GitlabRoutable,
        Checksum::NatsNkey,
        Checksum::PypiMacaroon,
        Checksum::AzureDevopsPat,
        Checksum::JwkPrivate,
        Checksum::DiscordBotToken,
        Checksum::Jwt,
        Checksum::VaultToken,
        Checksum::SlackConfigToken,
    ];

    /// The name used in rule files and templates.
    pub fn name(self) -> &'static str {
        match self {
            Checksum::Crc32Base62 => "crc32-base62",
            Checksum::GitlabRoutable => "gitlab-routable",
            Checksum::NatsNkey => "nats-nkey",
            Checksum::PypiMacaroon => "pypi-macaroon",
            Checksum::AzureDevopsPat => "azure-devops-pat",
            Checksum::JwkPrivate => "jwk-private",
            Checksum::DiscordBotToken => "discord-bot-token",
            Checksum::Jwt => "jwt",
            Checksum::VaultToken => "vault-token",
            Checksum::SlackConfigToken => "slack-config-token",
        }
    }

    /// Whether a failure proves the value is no credential at all, so that no other rule
    /// reports it either (a checksum), rather than only "not this rule's credential" (a
    /// structure check).
    pub fn vetoes(self) -> bool {
        !matches!(self, Checksum::DiscordBotToken | Checksum::Jwt)
    }

    /// The algorithm called `name`.
    pub fn from_name(name: &str) -> Option<Checksum> {
        Checksum::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Whether `secret` carries a valid checksum: `Some(true)` valid, `Some(false)` invalid,
    /// `None` when the secret does not have the checksummed shape (nothing to verify).
    pub fn verify(self, secret: &[u8]) -> Option<bool> {
        match self {
            Checksum::Crc32Base62 => verify_crc32_base62(secret),
            Checksum::GitlabRoutable => verify_gitlab_routable(secret),
            Checksum::NatsNkey => Some(verify_nkey_seed(secret)),
            Checksum::PypiMacaroon => Some(verify_pypi_macaroon(secret)),
            Checksum::AzureDevopsPat => Some(verify_azure_devops_pat(secret)),
            Checksum::JwkPrivate => Some(jwk_has_private_member(secret)),
            Checksum::DiscordBotToken => Some(verify_discord_bot_token(secret)),
            Checksum::Jwt => Some(verify_jwt(secret)),
            // `hvs.` + 90 or more: the prefix claims a Vault token, a shorter body proves it
            // is not one (typed or cut).
            Checksum::VaultToken => Some(secret.len() >= 4 + 90),
            Checksum::SlackConfigToken => Some(verify_slack_config(secret)),
        }
    }

    /// A valid token built from `rng` (example templates). `arg` is what the template gives
    /// after the colon:
    /// - `crc32-base62`: the length of the random body (the checksum follows it);
    /// - `gitlab-routable`: the token prefix (`glpat-`), written out too;
    /// - `nats-nkey`: the key type letter (`U` user, `A` account, `O` operator, `N` server,
    ///   `C` cluster, `X` curve);
    /// - `pypi-macaroon`: the macaroon's location (`pypi.org`), the token is written with
    ///   its `pypi-` prefix;
    /// - `azure-devops-pat`: `user` or `app`;
    /// - `jwk-private`: the key type (`EC`, `OKP`, `oct`), a whole JWK object is written;
    /// - `discord-bot-token`: the number of digits of the bot id (17 to 20);
    /// - `jwt`: the signing algorithm (`HS256`, `RS256`, `ES256`, `EdDSA`), whose size the
    ///   random signature takes;
    /// - `vault-token`: the prefix (`hvs.`), followed by 95 random base64url characters;
    /// - `slack-config-token`: the prefix (`xoxe.xoxp-1-`, `xoxe-1-`), then 150 letters and
    ///   digits.
    pub fn generate(self, rng: &mut SplitMix64, arg: &str) -> Result<String, String> {
        let bad = |what: &str| {
            format!(
                "template `<<{}:{arg}>>`: the argument must be {what}",
                self.name()
            )
        };
        match self {
            Checksum::Crc32Base62 => {
                let n: usize = arg
                    .parse()
                    .ok()
                    .filter(|n| (1..=1024).contains(n))
                    .ok_or_else(|| bad("a body length from 1 to 1024"))?;
                let body = rng.string("alnum", n).unwrap_or_default();
                let sum = base62_fixed(crc32(body.as_bytes()), 6);
                Ok(format!("{body}{sum}"))
            }
            Checksum::GitlabRoutable => {
                if arg.is_empty() || !arg.bytes().all(is_token_byte) {
                    return Err(bad("the token prefix, such as `glpat-`"));
                }
                Ok(gitlab_routable(rng, arg))
            }
            Checksum::NatsNkey => {
                let kind = match arg {
                    "U" => 20 << 3,
                    "A" => 0,
                    "O" => 14 << 3,
                    "N" => 13 << 3,
                    "C" => 2 << 3,
                    "X" => 23 << 3,
                    _ => return Err(bad("one of U, A, O, N, C, X")),
                };
                let mut key = [0u8; 32];
                fill(rng, &mut key);
                Ok(nkey_seed(kind, &key))
            }
            Checksum::PypiMacaroon => {
                if arg.is_empty() || arg.len() > 100 || !arg.bytes().all(is_token_byte_or_dot) {
                    return Err(bad("a location such as `pypi.org`"));
                }
                Ok(pypi_macaroon(rng, arg))
            }
            Checksum::AzureDevopsPat => {
                let magic = match arg {
                    "user" => ADO_USER_PAT,
                    "app" => ADO_APP_PAT,
                    _ => return Err(bad("`user` or `app`")),
                };
                Ok(azure_devops_pat(rng, magic))
            }
            Checksum::JwkPrivate => {
                let b64 =
                    |rng: &mut SplitMix64, n: usize| rng.string("b64url", n).unwrap_or_default();
                match arg {
                    "EC" => Ok(format!(
                        "{{\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \"{}\", \"y\": \"{}\", \"d\": \"{}\"}}",
                        b64(rng, 43),
                        b64(rng, 43),
                        b64(rng, 43)
                    )),
                    "OKP" => Ok(format!(
                        "{{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"x\": \"{}\", \"d\": \"{}\"}}",
                        b64(rng, 43),
                        b64(rng, 43)
                    )),
                    "oct" => Ok(format!(
                        "{{\"kty\": \"oct\", \"alg\": \"HS256\", \"k\": \"{}\"}}",
                        b64(rng, 43)
                    )),
                    _ => Err(bad("one of EC, OKP, oct")),
                }
            }
            Checksum::DiscordBotToken => {
                let n: usize = arg
                    .parse()
                    .ok()
                    .filter(|n| (17..=20).contains(n))
                    .ok_or_else(|| bad("the number of digits of the bot id, 17 to 20"))?;
                let mut id = String::with_capacity(n);
                id.push(char::from(b'1' + rng.below(9) as u8));
                for _ in 1..n {
                    id.push(char::from(b'0' + rng.below(10) as u8));
                }
                let first = base64url_encode(id.as_bytes());
                let stamp = rng.string("b64url", 6).unwrap_or_default();
                let hmac = rng.string("b64url", 38).unwrap_or_default();
                Ok(format!("{first}.{stamp}.{hmac}"))
            }
            Checksum::SlackConfigToken => {
                if !matches!(arg, "xoxe.xoxp-1-" | "xoxe.xoxb-1-" | "xoxe-1-") {
                    return Err(bad("one of xoxe.xoxp-1-, xoxe.xoxb-1-, xoxe-1-"));
                }
                Ok(format!(
                    "{arg}{}",
                    rng.string("alnum", 150).unwrap_or_default()
                ))
            }
            Checksum::VaultToken => {
                if !matches!(arg, "hvs." | "hvb." | "hvr.") {
                    return Err(bad("one of hvs., hvb., hvr."));
                }
                Ok(format!(
                    "{arg}{}",
                    rng.string("b64url", 95).unwrap_or_default()
                ))
            }
            Checksum::Jwt => {
                let sig_len = match arg {
                    "HS256" => 32,
                    "RS256" => 256,
                    "ES256" | "EdDSA" => 64,
                    _ => return Err(bad("one of HS256, RS256, ES256, EdDSA")),
                };
                let header = format!("{{\"alg\":\"{arg}\",\"typ\":\"JWT\"}}");
                let sub = rng.string("alnum", 12).unwrap_or_default();
                let iat = 1_700_000_000 + rng.below(50_000_000);
                let payload = format!(
                    "{{\"sub\":\"{sub}\",\"iat\":{iat},\"exp\":{},\"scope\":\"api\"}}",
                    iat + 86_400 * (1 + rng.below(365))
                );
                let mut sig = vec![0u8; sig_len];
                fill(rng, &mut sig);
                Ok(format!(
                    "{}.{}.{}",
                    base64url_encode(header.as_bytes()),
                    base64url_encode(payload.as_bytes()),
                    base64url_encode(&sig)
                ))
            }
        }
    }
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn is_token_byte_or_dot(b: u8) -> bool {
    is_token_byte(b) || b == b'.'
}

fn fill(rng: &mut SplitMix64, buf: &mut [u8]) {
    for chunk in buf.chunks_mut(8) {
        let r = rng.next_u64().to_le_bytes();
        chunk.copy_from_slice(&r[..chunk.len()]);
    }
}

// ------------------------------------------------------------------------------------------
// Checksum primitives
// ------------------------------------------------------------------------------------------

/// The CRC-32 lookup table (IEEE 802.3, reflected polynomial 0xEDB88320).
const CRC32_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// CRC-32 (IEEE, as zlib computes it).
pub fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c = CRC32_TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

/// CRC-16/XMODEM (polynomial 0x1021, initial value 0, not reflected).
pub fn crc16_xmodem(data: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE36: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `n` in the given alphabet, left-padded with the alphabet's zero to `width` characters
/// (longer when the number needs more).
fn encode_fixed(mut n: u64, alphabet: &[u8], width: usize) -> String {
    let base = alphabet.len() as u64;
    let mut digits = Vec::with_capacity(width);
    while n > 0 {
        digits.push(alphabet[(n % base) as usize]);
        n /= base;
    }
    while digits.len() < width {
        digits.push(alphabet[0]);
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// `n` in base62 (`0-9A-Za-z`), zero-padded to `width`.
pub fn base62_fixed(n: u32, width: usize) -> String {
    encode_fixed(u64::from(n), BASE62, width)
}

/// `n` in lower-case base36, zero-padded to `width`.
pub fn base36_fixed(n: u32, width: usize) -> String {
    encode_fixed(u64::from(n), BASE36, width)
}

/// Decodes unpadded RFC 4648 base32 (either case). `None` on a character outside the
/// alphabet. Trailing bits that do not fill a byte are dropped, as decoders do.
fn base32_decode(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 5 / 8);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a',
            b'2'..=b'7' => c - b'2' + 26,
            _ => return None,
        };
        acc = (acc << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Encodes bytes as unpadded upper-case RFC 4648 base32.
fn base32_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(5) * 8);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in data {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((acc >> bits) & 31) as usize] as char);
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(BASE32[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base64 in either alphabet (standard or URL-safe), padding optional. `None` on any
/// other character or an impossible length.
fn base64_decode(s: &[u8]) -> Option<Vec<u8>> {
    let s = match s.iter().position(|&b| b == b'=') {
        Some(p) if s[p..].iter().all(|&b| b == b'=') && s.len() - p <= 2 => &s[..p],
        Some(_) => return None,
        None => s,
    };
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Encodes bytes as unpadded base64url.
fn base64url_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in data {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 6 {
            bits -= 6;
            out.push(BASE64URL[((acc >> bits) & 63) as usize] as char);
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(BASE64URL[((acc << (6 - bits)) & 63) as usize] as char);
    }
    out
}

// ------------------------------------------------------------------------------------------
// GitHub and npm: CRC-32 in base62
// ------------------------------------------------------------------------------------------

/// `prefix_` + body + 6 base62 characters of the body's CRC-32 (GitHub's token format since
/// 2021, which npm's granular and automation tokens follow).
fn verify_crc32_base62(secret: &[u8]) -> Option<bool> {
    let body = match secret.iter().rposition(|&b| b == b'_') {
        Some(p) => &secret[p + 1..],
        None => secret,
    };
    if body.len() < 7 || !body.iter().all(u8::is_ascii_alphanumeric) {
        return Some(false);
    }
    let (data, sum) = body.split_at(body.len() - 6);
    Some(base62_fixed(crc32(data), 6).as_bytes() == sum)
}

// ------------------------------------------------------------------------------------------
// GitLab routable tokens
// ------------------------------------------------------------------------------------------

/// `<prefix><base64url payload>.<version, 2 base36>.<payload length, 2 base36><CRC-32 of all
/// before it, 7 base36>`. Tokens without the `.NN.` version part are GitLab's older random
/// tokens, which carry no checksum (`None`).
fn verify_gitlab_routable(secret: &[u8]) -> Option<bool> {
    let n = secret.len();
    if n < 13 || secret[n - 13] != b'.' || secret[n - 10] != b'.' {
        return None;
    }
    let tail = &secret[n - 9..];
    if !tail
        .iter()
        .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    {
        return Some(false);
    }
    let head = &secret[..n - 7];
    if base36_fixed(crc32(head), 7).as_bytes() != &secret[n - 7..] {
        return Some(false);
    }
    // The length field names how much of what precedes `.NN.` is payload.
    let len = std::str::from_utf8(&secret[n - 9..n - 7])
        .ok()
        .and_then(|s| usize::from_str_radix(s, 36).ok())?;
    Some(len > 0 && len <= n - 13)
}

/// A routable token: 16 random bytes, a routing payload (`o:` organisation, `u:` user ids in
/// base36) and its length byte, base64url-encoded, then version 01, length and CRC.
fn gitlab_routable(rng: &mut SplitMix64, prefix: &str) -> String {
    let mut raw = vec![0u8; 16];
    fill(rng, &mut raw);
    let org = encode_fixed(rng.below(1 << 24) as u64 + 1, BASE36, 1);
    let user = encode_fixed(rng.below(1 << 30) as u64 + 1, BASE36, 1);
    let payload = format!("o:{org}\nu:{user}");
    raw.extend_from_slice(payload.as_bytes());
    raw.push(payload.len() as u8);
    let b64 = base64url_encode(&raw);
    let len = encode_fixed(b64.len() as u64, BASE36, 2);
    let head = format!("{prefix}{b64}.01.{len}");
    let sum = base36_fixed(crc32(head.as_bytes()), 7);
    format!("{head}{sum}")
}

// ------------------------------------------------------------------------------------------
// NATS NKEY seeds
// ------------------------------------------------------------------------------------------

/// The seed prefix byte (`S` in base32).
const NKEY_SEED: u8 = 18 << 3;

/// The public key types a seed may be of: server, cluster, operator, account, user, curve.
const NKEY_TYPES: [u8; 6] = [13 << 3, 2 << 3, 14 << 3, 0, 20 << 3, 23 << 3];

/// base32(`b1 b2` + 32-byte key + CRC-16 little-endian): `b1` holds the seed prefix and the
/// top bits of the type, `b2` the rest of the type.
fn verify_nkey_seed(secret: &[u8]) -> bool {
    let Some(raw) = base32_decode(secret) else {
        return false;
    };
    if secret.len() != 58 || raw.len() != 36 {
        return false;
    }
    let (data, sum) = raw.split_at(34);
    if crc16_xmodem(data) != u16::from_le_bytes([sum[0], sum[1]]) {
        return false;
    }
    let prefix = data[0] & 0b1111_1000;
    let kind = ((data[0] & 0b111) << 5) | ((data[1] & 0b1111_1000) >> 3);
    prefix == NKEY_SEED && NKEY_TYPES.contains(&kind)
}

fn nkey_seed(kind: u8, key: &[u8; 32]) -> String {
    let mut raw = Vec::with_capacity(36);
    raw.push(NKEY_SEED | (kind >> 5));
    raw.push((kind & 31) << 3);
    raw.extend_from_slice(key);
    let sum = crc16_xmodem(&raw);
    raw.extend_from_slice(&sum.to_le_bytes());
    base32_encode(&raw)
}

// ------------------------------------------------------------------------------------------
// PyPI macaroons
// ------------------------------------------------------------------------------------------

/// Field types of the version-2 macaroon binary format.
const MAC_EOS: u64 = 0;
const MAC_LOCATION: u64 = 1;
const MAC_IDENTIFIER: u64 = 2;
const MAC_VID: u64 = 4;
const MAC_SIGNATURE: u64 = 6;

/// A reader over a macaroon's packets: `type` varint, then (for all but end-of-section) a
/// length varint and that many bytes.
struct Packets<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Packets<'a> {
    fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = *self.data.get(self.pos)?;
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    /// The next packet: its type and its data (empty for end-of-section).
    fn next(&mut self) -> Option<(u64, &'a [u8])> {
        let t = self.varint()?;
        if t == MAC_EOS {
            return Some((t, &[]));
        }
        let n = usize::try_from(self.varint()?).ok()?;
        let end = self.pos.checked_add(n)?;
        let d = self.data.get(self.pos..end)?;
        self.pos = end;
        Some((t, d))
    }
}

/// `pypi-` + base64url of a version-2 macaroon: version byte 2; [location] identifier EOS;
/// caveats, each [location] identifier [verification id] EOS; EOS; a 32-byte signature; and
/// nothing after it.
fn verify_pypi_macaroon(secret: &[u8]) -> bool {
    let body = secret.strip_prefix(b"pypi-").unwrap_or(secret);
    let Some(raw) = base64_decode(body) else {
        return false;
    };
    if raw.first() != Some(&2) {
        return false;
    }
    let mut p = Packets { data: &raw, pos: 1 };
    let parse = |p: &mut Packets| -> Option<()> {
        let (mut t, _) = p.next()?;
        if t == MAC_LOCATION {
            t = p.next()?.0;
        }
        (t == MAC_IDENTIFIER).then_some(())?;
        (p.next()?.0 == MAC_EOS).then_some(())?;
        loop {
            let (mut t, _) = p.next()?;
            if t == MAC_EOS {
                break;
            }
            if t == MAC_LOCATION {
                t = p.next()?.0;
            }
            (t == MAC_IDENTIFIER).then_some(())?;
            let mut t = p.next()?.0;
            if t == MAC_VID {
                t = p.next()?.0;
            }
            (t == MAC_EOS).then_some(())?;
        }
        let (t, sig) = p.next()?;
        (t == MAC_SIGNATURE && sig.len() == 32).then_some(())
    };
    parse(&mut p).is_some() && p.pos == raw.len()
}

fn pypi_macaroon(rng: &mut SplitMix64, location: &str) -> String {
    fn packet(out: &mut Vec<u8>, t: u8, data: &[u8]) {
        out.push(t);
        // Every length written here is below 128: a one-byte varint.
        out.push(data.len() as u8);
        out.extend_from_slice(data);
    }
    let mut id = [0u8; 16];
    fill(rng, &mut id);
    let uuid: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let identifier = format!(
        "{}-{}-{}-{}-{}",
        &uuid[..8],
        &uuid[8..12],
        &uuid[12..16],
        &uuid[16..20],
        &uuid[20..]
    );
    let project = rng.string("lower", 8).unwrap_or_default();
    let caveat = format!("[1,[\"{project}\"]]");
    let mut raw = vec![2u8];
    packet(&mut raw, 1, location.as_bytes());
    packet(&mut raw, 2, identifier.as_bytes());
    raw.push(0);
    packet(&mut raw, 2, caveat.as_bytes());
    raw.push(0);
    raw.push(0);
    let mut sig = [0u8; 32];
    fill(rng, &mut sig);
    packet(&mut raw, 6, &sig);
    format!("pypi-{}", base64url_encode(&raw))
}

// ------------------------------------------------------------------------------------------
// Azure DevOps personal access tokens
// ------------------------------------------------------------------------------------------

/// The constants Azure DevOps XORs into the CRC of user and application tokens.
const ADO_USER_PAT: u32 = 0xE0B9_692D;
const ADO_APP_PAT: u32 = 0x1019_F92E;

/// Where the four checksum bytes sit in the 32 decoded bytes, least significant first.
const ADO_SUM_AT: [usize; 4] = [22, 8, 7, 2];

/// 52 base32 characters decode to 32 bytes: 28 of token and, at bytes 2, 7, 8 and 22, the
/// CRC-32 of those 28 XORed with the user- or application-token constant.
fn verify_azure_devops_pat(secret: &[u8]) -> bool {
    if secret.len() != 52 {
        return false;
    }
    let Some(raw) = base32_decode(secret) else {
        return false;
    };
    if raw.len() != 32 {
        return false;
    }
    let data: Vec<u8> = (0..32)
        .filter(|i| !ADO_SUM_AT.contains(i))
        .map(|i| raw[i])
        .collect();
    let stored = u32::from_le_bytes(ADO_SUM_AT.map(|i| raw[i]));
    let crc = crc32(&data);
    stored == crc ^ ADO_USER_PAT || stored == crc ^ ADO_APP_PAT
}

fn azure_devops_pat(rng: &mut SplitMix64, magic: u32) -> String {
    let mut data = [0u8; 28];
    fill(rng, &mut data);
    let sum = (crc32(&data) ^ magic).to_le_bytes();
    let mut raw = [0u8; 32];
    let mut d = data.iter();
    for (i, slot) in raw.iter_mut().enumerate() {
        *slot = match ADO_SUM_AT.iter().position(|&p| p == i) {
            Some(k) => sum[k],
            None => d.next().copied().unwrap_or(0),
        };
    }
    // 32 bytes are 51.2 base32 characters; the token keeps 52 (the last one's low bits zero).
    base32_encode(&raw).to_ascii_lowercase()
}

// ------------------------------------------------------------------------------------------
// JSON Web Keys
// ------------------------------------------------------------------------------------------

/// Whether a JWK object (its text) has a private member: `"d"` for RSA, EC and OKP keys, `"k"`
/// for symmetric (`oct`) ones, with a value of 16 or more base64url characters.
fn jwk_has_private_member(obj: &[u8]) -> bool {
    let oct = member_value(obj, b"kty").is_some_and(|v| v == b"oct");
    let name: &[u8] = if oct { b"k" } else { b"d" };
    member_value(obj, name).is_some_and(|v| {
        v.len() >= 16
            && v.iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The string value of the first `"name": "value"` member in `obj` (JSON text, no escapes in
/// the value).
fn member_value<'a>(obj: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while i + name.len() + 2 <= obj.len() {
        let at = i;
        i += 1;
        if obj[at] != b'"'
            || !obj[at + 1..].starts_with(name)
            || obj.get(at + 1 + name.len()) != Some(&b'"')
        {
            continue;
        }
        let mut j = at + name.len() + 2;
        while obj.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if obj.get(j) != Some(&b':') {
            continue;
        }
        j += 1;
        while obj.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if obj.get(j) != Some(&b'"') {
            continue;
        }
        let start = j + 1;
        let len = obj[start..].iter().position(|&b| b == b'"')?;
        return Some(&obj[start..start + len]);
    }
    None
}

// ------------------------------------------------------------------------------------------
// Discord bot tokens
// ------------------------------------------------------------------------------------------

/// `<base64 of the bot's id>.<timestamp>.<HMAC>`: the first part decodes to the decimal digits
/// of a Discord snowflake (17 to 20 digits, no leading zero).
fn verify_discord_bot_token(secret: &[u8]) -> bool {
    let first = secret.split(|&b| b == b'.').next().unwrap_or_default();
    match base64_decode(first) {
        Some(id) => {
            (17..=20).contains(&id.len()) && id[0] != b'0' && id.iter().all(u8::is_ascii_digit)
        }
        None => false,
    }
}

// ------------------------------------------------------------------------------------------
// Slack configuration tokens
// ------------------------------------------------------------------------------------------

/// The body after `-1-`: 100 or more letters and digits with both among them. Slack's
/// configuration and refresh tokens are a base64 text of 140 to 170 characters; a prefix
/// followed by words (`...-1-SlackAppConfigurationAccessTokenHere`) is a placeholder.
fn verify_slack_config(secret: &[u8]) -> bool {
    let body = secret
        .windows(3)
        .position(|w| w == b"-1-")
        .map_or(&b""[..], |p| &secret[p + 3..]);
    body.len() >= 100
        && body.iter().all(u8::is_ascii_alphanumeric)
        && body.iter().any(u8::is_ascii_digit)
        && body.iter().any(u8::is_ascii_alphabetic)
}

// ------------------------------------------------------------------------------------------
// JSON Web Tokens
// ------------------------------------------------------------------------------------------

/// `<header>.<payload>.<signature>`, each base64url: the header and payload decode to JSON
/// objects (`{...}`), the header names its `"alg"`, and the payload is not the sample that
/// jwt.io and countless tutorials show (`"sub":"1234567890"`, `"name":"John Doe"`).
fn verify_jwt(secret: &[u8]) -> bool {
    let mut parts = secret.split(|&b| b == b'.');
    let (Some(h), Some(p)) = (parts.next(), parts.next()) else {
        return false;
    };
    let object = |seg: &[u8]| -> Option<Vec<u8>> {
        let raw = base64_decode(seg)?;
        let t = raw.trim_ascii();
        (t.first() == Some(&b'{') && t.last() == Some(&b'}') && std::str::from_utf8(t).is_ok())
            .then(|| t.to_vec())
    };
    let (Some(header), Some(payload)) = (object(h), object(p)) else {
        return false;
    };
    let compact: Vec<u8> = payload
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let sample = contains(&compact, b"\"sub\":\"1234567890\"")
        && contains(&compact, b"\"name\":\"JohnDoe\"");
    contains(&header, b"\"alg\"") && !sample
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The expected values below were computed with an independent implementation (Python's
    // zlib.crc32, base64 and a bitwise CRC-16), from inputs chosen to look nothing like a
    // credential: a committed test vector must not itself be a live-looking token.

    #[test]
    fn crc_check_values() {
        // The standard check input of CRC catalogues.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc16_xmodem(b"123456789"), 0x31C3);
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(&[0u8; 30]), 0x0004_3EB5);
    }

    #[test]
    fn fixed_width_encodings() {
        assert_eq!(base62_fixed(0, 6), "000000");
        assert_eq!(base62_fixed(61, 6), "00000z");
        assert_eq!(base62_fixed(62, 6), "000010");
        assert_eq!(base62_fixed(u32::MAX, 6), "4gfFC3");
        assert_eq!(base36_fixed(u32::MAX, 7), "1z141z3");
        assert_eq!(base36_fixed(35, 2), "0z");
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32_decode(b"MZXW6YTBOI").as_deref(),
            Some(&b"foobar"[..])
        );
        assert_eq!(
            base32_decode(b"mzxw6ytboi").as_deref(),
            Some(&b"foobar"[..])
        );
        assert!(base32_decode(b"MZXW1").is_none());
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
        assert_eq!(base64_decode(b"-_8").as_deref(), Some(&b"\xfb\xff"[..]));
        assert_eq!(base64_decode(b"+/8=").as_deref(), Some(&b"\xfb\xff"[..]));
        assert!(base64_decode(b"abcde").is_none());
        assert!(base64_decode(b"ab=c").is_none());
    }

    #[test]
    fn crc32_base62_vectors() {
        // A body of 30 `0` characters: CRC-32 0x77E5DB82, "2C8GjS" in base62.
        let zeros = "0".repeat(30);
        assert_eq!(crc32(zeros.as_bytes()), 0x77E5_DB82);
        let token = format!("ghp_{zeros}2C8GjS");
        assert_eq!(base62_fixed(crc32(zeros.as_bytes()), 6), "2C8GjS");
        assert_eq!(
            Checksum::Crc32Base62.verify(token.as_bytes()),
            Some(true),
            "{token}"
        );
        // The checksum covers the body only, so the prefix does not matter.
        let npm = format!("npm_{zeros}2C8GjS");
        assert_eq!(Checksum::Crc32Base62.verify(npm.as_bytes()), Some(true));
        // One character off anywhere fails.
        for bad in [
            format!("ghp_{zeros}2C8GjT"),
            format!("ghp_1{}2C8GjS", &zeros[1..]),
            format!("ghp_{zeros}2c8GjS"),
            "ghp_short".to_string(),
        ] {
            assert_eq!(
                Checksum::Crc32Base62.verify(bad.as_bytes()),
                Some(false),
                "{bad}"
            );
        }
    }

    #[test]
    fn gitlab_routable_vectors() {
        // A head of "glpat-" + 20 'A's + ".01.0k" (payload length 20 = "0k"): CRC-32
        // 0x8F83EDB3 = "13tj92r" in base36 (zero-padded to 7).
        let head = format!("glpat-{}.01.0k", "A".repeat(20));
        assert_eq!(crc32(head.as_bytes()), 0x8F83_EDB3);
        assert_eq!(base36_fixed(0x8F83_EDB3, 7), "13tj92r");
        let token = format!("{head}13tj92r");
        assert_eq!(
            Checksum::GitlabRoutable.verify(token.as_bytes()),
            Some(true)
        );
        let wrong = format!("{head}13tj92s");
        assert_eq!(
            Checksum::GitlabRoutable.verify(wrong.as_bytes()),
            Some(false)
        );
        // A payload length beyond the text before `.01.` is not a routable token.
        let head = format!("glpat-{}.01.zz", "A".repeat(20));
        let sum = base36_fixed(crc32(head.as_bytes()), 7);
        let long = format!("{head}{sum}");
        assert_eq!(
            Checksum::GitlabRoutable.verify(long.as_bytes()),
            Some(false)
        );
        // Legacy 20-character tokens carry no checksum.
        let legacy = format!("glpat-{}", "A".repeat(20));
        assert_eq!(Checksum::GitlabRoutable.verify(legacy.as_bytes()), None);
    }

    #[test]
    fn nkey_seed_vectors() {
        // A user seed of 32 zero bytes: prefix bytes 0x95 0x00, CRC-16/XMODEM 0x2400 stored
        // little-endian (0x00 0x24).
        let mut raw = vec![0x95u8, 0x00];
        raw.extend_from_slice(&[0u8; 32]);
        assert_eq!(crc16_xmodem(&raw), 0x2400);
        let seed = format!("SU{}EQ", "A".repeat(54));
        assert_eq!(seed.len(), 58);
        assert_eq!(nkey_seed(20 << 3, &[0u8; 32]), seed);
        assert!(verify_nkey_seed(seed.as_bytes()));
        // Account and operator seeds of zeros.
        assert!(verify_nkey_seed(nkey_seed(0, &[0u8; 32]).as_bytes()));
        assert!(nkey_seed(0, &[0u8; 32]).starts_with("SAA"));
        assert!(nkey_seed(14 << 3, &[0u8; 32]).starts_with("SOA"));
        // One character off, the wrong length or a public key instead of a seed fail.
        let off = format!("SU{}FQ", "A".repeat(54));
        assert!(!verify_nkey_seed(off.as_bytes()));
        assert!(!verify_nkey_seed(&seed.as_bytes()[..57]));
        // A public user key (one prefix byte, 32 bytes, CRC) is 56 characters, not a seed.
        let mut public = vec![20u8 << 3];
        public.extend_from_slice(&[0u8; 32]);
        let sum = crc16_xmodem(&public);
        public.extend_from_slice(&sum.to_le_bytes());
        assert!(!verify_nkey_seed(base32_encode(&public).as_bytes()));
    }

    #[test]
    fn pypi_macaroon_vectors() {
        // Version 2, location "pypi.org", identifier "x", EOS, one caveat "c", EOS, EOS,
        // a 32-byte signature of zeros.
        let mut raw = vec![2u8, 1, 8];
        raw.extend_from_slice(b"pypi.org");
        raw.extend_from_slice(&[2, 1, b'x', 0, 2, 1, b'c', 0, 0, 6, 32]);
        raw.extend_from_slice(&[0u8; 32]);
        let token = format!("pypi-{}", base64url_encode(&raw));
        assert!(token.starts_with("pypi-AgEIcHlwaS5vcmc"), "{token}");
        assert!(verify_pypi_macaroon(token.as_bytes()));
        // A trailing byte, a short signature, a missing identifier or a wrong version fail.
        let mut trailing = raw.clone();
        trailing.push(0);
        assert!(!verify_pypi_macaroon(
            format!("pypi-{}", base64url_encode(&trailing)).as_bytes()
        ));
        let short = &raw[..raw.len() - 1];
        assert!(!verify_pypi_macaroon(
            format!("pypi-{}", base64url_encode(short)).as_bytes()
        ));
        let mut no_id = vec![2u8, 1, 8];
        no_id.extend_from_slice(b"pypi.org");
        no_id.extend_from_slice(&[0, 0, 6, 32]);
        no_id.extend_from_slice(&[0u8; 32]);
        assert!(!verify_pypi_macaroon(
            format!("pypi-{}", base64url_encode(&no_id)).as_bytes()
        ));
        let mut v1 = raw.clone();
        v1[0] = 1;
        assert!(!verify_pypi_macaroon(
            format!("pypi-{}", base64url_encode(&v1)).as_bytes()
        ));
        assert!(!verify_pypi_macaroon(b"pypi-AgEIcHlwaS5vcmc"));
        assert!(!verify_pypi_macaroon(b"pypi-not base64"));
    }

    #[test]
    fn azure_devops_pat_vectors() {
        // 28 zero bytes: CRC-32 0x807077E9; XOR the user constant 0xE0B9692D gives 0x60C91EC4,
        // stored at bytes 22, 8, 7, 2 (least significant first).
        assert_eq!(crc32(&[0u8; 28]), 0x8070_77E9);
        assert_eq!(0x8070_77E9u32 ^ ADO_USER_PAT, 0x60C9_1EC4);
        let mut raw = [0u8; 32];
        let sum = (0x8070_77E9u32 ^ ADO_USER_PAT).to_le_bytes();
        for (k, &i) in ADO_SUM_AT.iter().enumerate() {
            raw[i] = sum[k];
        }
        let token = base32_encode(&raw).to_ascii_lowercase();
        assert_eq!(token.len(), 52);
        assert!(verify_azure_devops_pat(token.as_bytes()), "{token}");
        let app_sum = (0x8070_77E9u32 ^ ADO_APP_PAT).to_le_bytes();
        for (k, &i) in ADO_SUM_AT.iter().enumerate() {
            raw[i] = app_sum[k];
        }
        assert!(verify_azure_devops_pat(
            base32_encode(&raw).to_ascii_lowercase().as_bytes()
        ));
        raw[0] = 1;
        assert!(!verify_azure_devops_pat(
            base32_encode(&raw).to_ascii_lowercase().as_bytes()
        ));
        assert!(!verify_azure_devops_pat(&[b'a'; 52]));
        assert!(!verify_azure_devops_pat(&[b'a'; 51]));
    }

    #[test]
    fn jwk_private_members() {
        let z = "A".repeat(43);
        let ec = format!(r#"{{"kty": "EC", "crv": "P-256", "x": "{z}", "y": "{z}", "d": "{z}"}}"#);
        assert!(jwk_has_private_member(ec.as_bytes()));
        let public = format!(r#"{{"kty": "EC", "crv": "P-256", "x": "{z}", "y": "{z}"}}"#);
        assert!(!jwk_has_private_member(public.as_bytes()));
        let oct = format!(r#"{{"kty":"oct","k":"{z}"}}"#);
        assert!(jwk_has_private_member(oct.as_bytes()));
        // An RSA key's "k"-less public form, an empty or templated "d".
        assert!(!jwk_has_private_member(
            br#"{"kty": "RSA", "n": "x", "e": "AQAB"}"#
        ));
        assert!(!jwk_has_private_member(br#"{"kty": "EC", "d": ""}"#));
        assert!(!jwk_has_private_member(
            br#"{"kty": "EC", "d": "${JWK_D_VALUE_FROM_ENV}"}"#
        ));
        // Whitespace and newlines around the colon; "kid" and "d" told apart.
        let spaced =
            format!("{{\n  \"kid\": \"1\",\n  \"kty\" : \"RSA\",\n  \"d\"\n : \"{z}\"\n}}");
        assert!(jwk_has_private_member(spaced.as_bytes()));
    }

    #[test]
    fn discord_bot_token_ids() {
        // base64("123456789012345678") = "MTIzNDU2Nzg5MDEyMzQ1Njc4"
        assert_eq!(
            base64url_encode(b"123456789012345678"),
            "MTIzNDU2Nzg5MDEyMzQ1Njc4"
        );
        assert!(verify_discord_bot_token(
            b"MTIzNDU2Nzg5MDEyMzQ1Njc4.AAAAAA.BBBB"
        ));
        // base64("12345678901234567a") decodes to a non-digit; too short an id; a leading zero.
        assert!(!verify_discord_bot_token(
            base64url_encode(b"12345678901234567a").as_bytes()
        ));
        assert!(!verify_discord_bot_token(
            base64url_encode(b"1234567890123456").as_bytes()
        ));
        assert!(!verify_discord_bot_token(
            base64url_encode(b"012345678901234567").as_bytes()
        ));
        assert!(!verify_discord_bot_token(b"not.base64!.x"));
    }

    #[test]
    fn jwt_structure() {
        let enc = |s: &str| base64url_encode(s.as_bytes());
        let sig = base64url_encode(&[7u8; 32]);
        let good = format!(
            "{}.{}.{sig}",
            enc(r#"{"alg":"HS256","typ":"JWT"}"#),
            enc(r#"{"sub":"42","iat":1700000000}"#)
        );
        assert!(verify_jwt(good.as_bytes()));
        // jwt.io's sample payload, a header without "alg", a cut header, random text.
        let sample = format!(
            "{}.{}.{sig}",
            enc(r#"{"alg":"HS256","typ":"JWT"}"#),
            enc(r#"{"sub":"1234567890","name":"John Doe","iat":1516239022}"#)
        );
        assert!(!verify_jwt(sample.as_bytes()));
        let no_alg = format!("{}.{}.{sig}", enc(r#"{"typ":"JWT"}"#), enc(r#"{"a":1}"#));
        assert!(!verify_jwt(no_alg.as_bytes()));
        let cut = format!(
            "{}.{}.{sig}",
            enc(r#"{"alg":"HS256","typ":"JWT""#),
            enc(r#"{"a":1}"#)
        );
        assert!(!verify_jwt(cut.as_bytes()));
        assert!(!verify_jwt(
            b"eyJhbasdGciOiJIUaddasd.eyJzdWIiOiIxMjM0NTY3OD.abcdefghijk"
        ));
    }

    /// What `generate` builds, `verify` accepts, for every algorithm and several seeds; and a
    /// random token of the same shape almost never verifies.
    #[test]
    fn generated_tokens_verify() {
        let args: [(Checksum, &[&str]); 10] = [
            (Checksum::Crc32Base62, &["30"]),
            (Checksum::GitlabRoutable, &["glpat-", "glrt-t1_", "gldt-"]),
            (Checksum::NatsNkey, &["U", "A", "O", "N", "C", "X"]),
            (Checksum::PypiMacaroon, &["pypi.org", "test.pypi.org"]),
            (Checksum::AzureDevopsPat, &["user", "app"]),
            (Checksum::JwkPrivate, &["EC", "OKP", "oct"]),
            (Checksum::DiscordBotToken, &["17", "18", "19", "20"]),
            (Checksum::Jwt, &["HS256", "RS256", "ES256", "EdDSA"]),
            (Checksum::VaultToken, &["hvs.", "hvb.", "hvr."]),
            (Checksum::SlackConfigToken, &["xoxe.xoxp-1-", "xoxe-1-"]),
        ];
        for (alg, list) in args {
            for arg in list {
                for seed in 0..50 {
                    let mut rng = SplitMix64::new(seed);
                    let t = alg
                        .generate(&mut rng, arg)
                        .unwrap_or_else(|e| panic!("{e}"));
                    assert_eq!(alg.verify(t.as_bytes()), Some(true), "{} {t}", alg.name());
                }
            }
            assert_eq!(Checksum::from_name(alg.name()), Some(alg));
        }
        // Random bodies of the right shape: a 1 in 62^6 chance each to pass.
        let mut rng = SplitMix64::new(9);
        for _ in 0..1000 {
            let t = format!("ghp_{}", rng.string("alnum", 36).unwrap_or_default());
            assert_eq!(Checksum::Crc32Base62.verify(t.as_bytes()), Some(false));
            let s = format!("SU{}", rng.string("b32", 56).unwrap_or_default());
            assert_eq!(Checksum::NatsNkey.verify(s.as_bytes()), Some(false));
        }
    }

    /// A value whose checksum fails is reported by no rule, not even the generic ones that
    /// would take it for a random string assigned to a token name; a valid one is reported by
    /// its provider rule.
    #[test]
    fn failed_checksum_silences_every_rule() {
        use crate::scan::{Added, Scanner};
        let config = crate::config::Config::load(None, true).unwrap_or_else(|e| panic!("{e}"));
        let scanner = Scanner::new(config.rules, config.debug).unwrap_or_else(|e| panic!("{e}"));
        let scan = |text: &str| {
            let mut out = Vec::new();
            scanner.scan("deploy.py", text.as_bytes(), &Added::All, &mut out);
            out.into_iter().map(|f| f.rule_id).collect::<Vec<_>>()
        };
        let mut rng = SplitMix64::new(5);
        let body = rng.string("alnum", 36).unwrap_or_default();
        // Without the prefix the same body is a random string assigned to a token name.
        assert!(!scan(&format!("GITHUB_TOKEN = \"x{body}\"\n")).is_empty());
        assert_eq!(
            scan(&format!("GITHUB_TOKEN = \"ghp_{body}\"\n")),
            Vec::<String>::new()
        );
        let good = Checksum::Crc32Base62
            .generate(&mut rng, "30")
            .unwrap_or_default();
        let text = format!("GITHUB_TOKEN = \"ghp_{good}\"\nOTHER_TOKEN = \"ghp_{body}\"\n");
        assert_eq!(scan(&text), vec!["github-pat".to_string()]);
    }

    #[test]
    fn bad_template_arguments() {
        let mut rng = SplitMix64::new(1);
        assert!(Checksum::Crc32Base62.generate(&mut rng, "x").is_err());
        assert!(Checksum::Crc32Base62.generate(&mut rng, "0").is_err());
        assert!(Checksum::NatsNkey.generate(&mut rng, "Q").is_err());
        assert!(Checksum::GitlabRoutable.generate(&mut rng, "").is_err());
        assert!(Checksum::AzureDevopsPat.generate(&mut rng, "x").is_err());
        assert!(Checksum::PypiMacaroon.generate(&mut rng, "a b").is_err());
    }
}
