//! Front-end and ops files: JavaScript/TypeScript, HTML templates, CSS, shell scripts, docs and
//! key files.

use keepmum::rules::Kind as K;

use super::gen::{Charset, Doc, FileBuilder, Gen};
use super::providers;

pub fn node_config(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("import dotenv from \"dotenv\";\n\ndotenv.config();\n");
    b.n("export const config = {\n  port: Number(process.env.PORT ?? 3000),\n  apiUrl: process.env.API_URL || \"https://api.example.com/v1\",");
    match g.below(3) {
        0 => {
            let k = g.alnum_in(24, 40);
            b.p(
                K::Generic,
                "JS apiKey literal",
                &k,
                format!("  apiKey: \"{k}\","),
            );
        }
        1 => {
            let t = providers::any_token(g);
            b.p(
                K::Provider,
                "JS provider token",
                &t.1,
                format!("  {}: \"{}\",", camel(t.0), t.1),
            );
        }
        _ => {
            b.n("  apiKey: process.env.API_KEY,");
        }
    }
    b.n("  db: {\n    client: \"pg\",\n    connection: {\n      host: process.env.DB_HOST || \"localhost\",");
    b.n(format!("      user: \"{proj}\","));
    if g.chance(50) {
        let pw = g.password(Charset::Rich);
        b.p(
            K::Password,
            "knex connection password",
            &pw,
            format!("      password: \"{pw}\","),
        );
    } else {
        b.n("      password: process.env.DB_PASSWORD || \"\",");
    }
    b.n("    },\n  },");
    if g.chance(40) {
        let pw = g.url_password();
        b.p(
            K::Url,
            "mongodb+srv uri",
            &pw,
            format!("  mongoUri: \"mongodb+srv://{proj}:{pw}@cluster0.{}.mongodb.net/{proj}?retryWrites=true&w=majority\",", g.s("lalnum", 5)),
        );
    } else {
        b.n("  mongoUri: process.env.MONGO_URI ?? \"mongodb://localhost:27017/dev\",");
    }
    if g.chance(40) {
        let k = g.s("b64url", 48);
        b.p(
            K::Generic,
            "JS jwtSecret",
            &k,
            format!("  jwtSecret: '{k}',"),
        );
    } else {
        b.n("  jwtSecret: process.env.JWT_SECRET as string,");
    }
    b.n(format!(
        "  sentryDsn: \"https://{}@o{}.ingest.sentry.io/{}\",\n  stripePublishableKey: \"pk_live_{}\",\n  primaryColor: \"#{}\",\n  debug: process.env.NODE_ENV !== \"production\",\n}};\n",
        g.hex(32),
        g.digits(6),
        g.digits(7),
        g.alnum(24),
        g.hex(6)
    ));
    b.n(
        "export const ICON_PLACEHOLDER =\n  \"data:image/png;base64,".to_string()
            + &g.png_base64(90)
            + "\";",
    );
    b.finish()
}

fn camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in s.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.push(c.to_ascii_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

pub fn ts_service(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("import axios, { AxiosInstance } from \"axios\";\nimport { useState } from \"react\";\n\nconst passwordInput = document.getElementById(\"password\") as HTMLInputElement;\nconst PASSWORD_MIN_LENGTH = 12;\n");
    b.n("export class PaymentsClient {\n  private readonly http: AxiosInstance;");
    if g.chance(45) {
        let k = providers::stripe_secret(g);
        b.p(
            K::Provider,
            "TS private field stripe key",
            &k,
            format!("  private readonly apiKey: string = \"{k}\";"),
        );
    } else {
        b.n("  private readonly apiKey: string = process.env.STRIPE_SECRET_KEY ?? \"\";");
    }
    b.n("\n  constructor(baseURL: string) {\n    this.http = axios.create({\n      baseURL,\n      headers: { Authorization: `Bearer ${this.apiKey}` },\n    });\n  }\n\n  async charge(amountCents: number, customerId: string) {\n    const idempotencyKey = crypto.randomUUID();\n    return this.http.post(\"/charges\", { amountCents, customerId }, { headers: { \"Idempotency-Key\": idempotencyKey } });\n  }\n}\n");
    b.n(format!("export const handleUserAuthenticationStateChangeForCheckoutFlow = () => null;\nexport const FALLBACK_SESSION_ID = \"{}\";\nconst theme = {{ background: \"#{}\", border: \"1px solid #{}\" }};", g.uuid(), g.hex(6), g.hex(3)));
    b.n("\nexport function LoginForm() {\n  const [password, setPassword] = useState(\"\");\n  return (\n    <form>\n      <input type=\"password\" name=\"password\" placeholder=\"Password\" value={password} onChange={(e) => setPassword(e.target.value)} />\n    </form>\n  );\n}");
    b.finish()
}

pub fn html_template(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    let integrity = Gen::base64(&g.bytes(48));
    b.n(format!("{{% extends \"base.html\" %}}\n{{% load static %}}\n{{% block head %}}\n<script src=\"https://cdn.jsdelivr.net/npm/bootstrap@5.3.2/dist/js/bootstrap.bundle.min.js\" integrity=\"sha384-{integrity}\" crossorigin=\"anonymous\"></script>\n{{% endblock %}}\n{{% block content %}}\n<form method=\"post\" action=\"{{% url 'login' %}}\">\n  {{% csrf_token %}}\n  <label for=\"id_password\">Password</label>\n  <input type=\"password\" name=\"password\" id=\"id_password\" autocomplete=\"current-password\" required>\n  <a href=\"{{% url 'password_reset' %}}\">Forgot your password?</a>\n  {{% if debug %}}<pre>{{{{ sql_queries|length }}}} queries</pre>{{% endif %}}\n  <button type=\"submit\">Sign in</button>\n</form>\n{{% endblock %}}"));
    b.finish()
}

pub fn rendered_html(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    let token = g.s("alnum", 64);
    b.n(format!("<!doctype html>\n<html lang=\"en\">\n<head><meta name=\"csrf-token\" content=\"{token}\"></head>\n<body>\n<form method=\"post\">\n  <input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"{token}\">\n  <img alt=\"logo\" src=\"data:image/png;base64,{}\">\n</form>\n</body>\n</html>", g.png_base64(120)));
    b.finish()
}

pub fn css(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!(":root {{\n  --primary: #{};\n  --secondary: #{};\n  --danger: #{};\n}}\n\n.password-strength-meter {{\n  height: 4px;\n  background: linear-gradient(90deg, #{} 0%, #{} 100%);\n}}\n\n@font-face {{\n  font-family: \"Inter\";\n  src: url(data:font/woff2;base64,{}) format(\"woff2\");\n}}\n\n.btn-primary:hover {{ background-color: #{}; }}", g.hex(6), g.hex(6), g.hex(6), g.hex(6), g.hex(6), Gen::base64(&g.bytes(180)), g.hex(6)));
    b.finish()
}

pub fn shell_deploy(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!("#!/usr/bin/env bash\nset -euo pipefail\n\n# Deploy {proj} to production.\nAPP_DIR=/srv/{proj}\nGIT_SHA=$(git rev-parse HEAD)\nRELEASE_SHA=\"{}\"\n", g.hex(40)));
    if g.chance(45) {
        b.p(K::Debug, "shell export DEBUG", "DEBUG=1", "export DEBUG=1");
    } else {
        b.n("export DEBUG=0  # never 1 in production");
    }
    match g.below(4) {
        0 => {
            let pw = g.password(Charset::Safe);
            b.p(
                K::Password,
                "shell export password",
                &pw,
                format!("export DB_PASSWORD=\"{pw}\""),
            );
        }
        1 => {
            let pw = g.password(Charset::Safe);
            b.p(
                K::Password,
                "PGPASSWORD inline",
                &pw,
                format!("PGPASSWORD={pw} psql -h db.internal -U {proj} -c 'SELECT 1'"),
            );
        }
        2 => {
            b.n("DB_PASSWORD=\"$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)\"");
        }
        _ => {
            b.n("read -r -s -p \"Database password: \" DB_PASSWORD\necho");
        }
    }
    match g.below(4) {
        0 => {
            let pw = g.password(Charset::Safe);
            b.p(
                K::Password,
                "mysql -p<password>",
                &pw,
                format!("mysqldump -u root -p{pw} {proj} > /backups/{proj}-$(date +%F).sql"),
            );
        }
        1 => {
            let pw = g.password(Charset::Safe);
            b.p(
                K::Password,
                "curl -u user:password",
                &pw,
                format!("curl -fsS -u deploy:{pw} https://ci.internal/job/{proj}/build"),
            );
        }
        2 => {
            let pw = g.password(Charset::Safe);
            b.p(
                K::Password,
                "docker login --password",
                &pw,
                format!("docker login registry.internal --username ci --password {pw}"),
            );
        }
        _ => {
            b.n("echo \"$REGISTRY_TOKEN\" | docker login registry.internal --username ci --password-stdin\nmysqldump -u root -p\"$MYSQL_ROOT_PASSWORD\" app > dump.sql");
        }
    }
    if g.chance(40) {
        let t = providers::prefixed_token(g);
        b.p(
            K::Provider,
            "shell curl with token header",
            &t.1,
            format!(
                "curl -H \"X-Api-Key: {}\" https://api.vendor.io/v1/deploys -d \"sha=$GIT_SHA\"",
                t.1
            ),
        );
    }
    if g.chance(30) {
        let t = g.alnum(40);
        b.p(
            K::Url,
            "git remote with token",
            &t,
            format!(
                "git remote set-url origin https://x-access-token:{t}@github.com/acme/{proj}.git"
            ),
        );
    }
    b.n(format!("cd \"$APP_DIR\"\ngit fetch --tags && git checkout \"$GIT_SHA\"\n./venv/bin/pip install -r requirements.txt\n./venv/bin/python manage.py migrate --noinput\nsudo systemctl restart {proj}\necho \"deployed ${{GIT_SHA:0:8}}\"  # debug: set -x above to trace"));
    b.finish()
}

pub fn shell_test_script(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("#!/bin/sh\nset -e\nexport DEBUG=1\nexport DJANGO_SETTINGS_MODULE=app.settings.test\nexport DB_PASSWORD=postgres\npytest -x -q \"$@\"");
    let _ = g;
    b.finish()
}

/// A README with setup instructions: placeholders, documented examples, a JWT sample.
pub fn readme(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!("# {proj}\n\n## Setup\n\n```sh\ncp .env.example .env\nexport DATABASE_URL=postgres://user:password@localhost:5432/{proj}\nexport SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')\nDEBUG=1 ./manage.py runserver\n```\n\nSet `DEBUG = True` only in `settings/dev.py`.\n\n## AWS\n\nUse the documented example credentials in tests: `AKIAIOSFODNN7EXAMPLE` /\n`wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`.\n\n## API\n\n```http\nGET /api/v1/orders HTTP/1.1\nAuthorization: Bearer <token>\n```\n\nTokens look like `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...` (truncated); `curl -H \"Authorization: Token $API_TOKEN\"` works too.\n"));
    // A JWT in docs: decided to be a positive when it is a real-looking token (signature and
    // all): keepmum cannot know it expired, and docs get copied. See tests/corpus.rs.
    if g.chance(50) {
        let jwt = g.jwt();
        b.n("Example response:\n\n```json");
        b.p(
            K::Provider,
            "JWT pasted in docs",
            &jwt,
            format!("{{\"access\": \"{jwt}\", \"token_type\": \"Bearer\"}}"),
        );
        b.n("```");
    }
    b.n("The private key goes in `deploy/keys/` and is never committed:\n\n```\n-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n```");
    b.finish()
}

pub fn key_files(g: &mut Gen, proj: &str) -> Vec<Doc> {
    let mut out = Vec::new();
    let path = g.pick(&[
        "deploy/id_rsa",
        "deploy/keys/deploy_key",
        "certs/server.key",
        "config/jwt/private.pem",
        ".ssh/id_ed25519",
    ]);
    let mut b = FileBuilder::new(path);
    let pem = providers::pem_private(g);
    b.p(K::PrivateKey, "PEM private key file", &pem, pem.clone());
    out.push(b.finish());
    // Public halves and certificates.
    let mut b = FileBuilder::new("certs/server.crt");
    let cert = providers::pem_public(g)
        .replace("RSA PUBLIC KEY", "CERTIFICATE")
        .replace("PUBLIC KEY", "CERTIFICATE")
        .replace("CERTIFICATE REQUEST", "CERTIFICATE");
    b.n(cert);
    out.push(b.finish());
    let mut b = FileBuilder::new("config/jwt/public.pem");
    b.n(providers::pem_public(g));
    out.push(b.finish());
    let mut b = FileBuilder::new("deploy/authorized_keys");
    for who in ["alice@laptop", "ci@build-01", &format!("deploy@{proj}")] {
        let k = providers::ssh_public(g, who);
        b.n(k);
    }
    out.push(b.finish());
    // Every infrastructure project has one (a chance here left some draws without any, and
    // the PuTTY rule unmeasured).
    {
        let mut b = FileBuilder::new("deploy/keys/bastion.ppk");
        let ppk = providers::putty_key(g);
        let lines: Vec<&str> = ppk.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with("Private-Lines"))
            .unwrap_or(0) as u32;
        b.p_at(
            K::PrivateKey,
            "PuTTY private key file",
            "Private-Lines",
            at + 1,
            lines.len() as u32 - at,
            ppk.clone(),
        );
        out.push(b.finish());
    }
    // A key embedded in Python, in a triple-quoted string.
    if g.chance(60) {
        let mut b = FileBuilder::new(format!("{proj}/integrations/signing.py"));
        b.n("from cryptography.hazmat.primitives import serialization\n\n");
        let pem = providers::pem_private(g);
        b.p(
            K::PrivateKey,
            "PEM private key in a Python string",
            &pem,
            format!("PRIVATE_KEY = \"\"\"{pem}\n\"\"\"\n"),
        );
        b.n(format!("PUBLIC_KEY = \"\"\"{}\n\"\"\"\n\n\ndef load():\n    return serialization.load_pem_private_key(PRIVATE_KEY.encode(), password=None)", providers::pem_public(g)));
        out.push(b.finish());
    }
    // A key built by string concatenation in a Java test (`"-----BEGIN ...-----\n" +` then
    // one quoted line per body line), with and without the `\n` escapes.
    if g.chance(50) {
        let mut b = FileBuilder::new("src/test/java/com/example/SigningTest.java");
        b.n("package com.example;\n\nclass SigningTest {");
        let (begin, body) = providers::private_key(g, None);
        let end = begin.replace("BEGIN", "END");
        let nl = if g.chance(50) { "\\n" } else { "" };
        let mut text = format!("    static final String KEY = \"{begin}{nl}\" +\n");
        for l in &body {
            text.push_str(&format!("        \"{l}{nl}\" +\n"));
        }
        text.push_str(&format!("        \"{end}\";"));
        let lines = text.lines().count() as u32;
        b.p_at(
            K::PrivateKey,
            "PEM private key by string concatenation",
            &begin,
            1,
            lines,
            text,
        );
        b.n("}");
        out.push(b.finish());
    }
    out
}
