//! Shapes of real secrets and settings found in public code that the first corpus did not hold
//! (issue 16): password names the old prefix exclusions swallowed and qualified names, DEBUG
//! forms of other frameworks and config files, and their look-alikes. Drawn from their own
//! generator (seeded apart), so adding them leaves the rest of the corpus as it was.

use keepmum::rules::Kind as K;

use super::gen::{Charset, Doc, FileBuilder, Gen};

/// The extra files for `projects` project trees.
pub fn corpus(seed: u64, projects: usize) -> Vec<Doc> {
    let mut g = Gen::new(seed ^ 0x5a4a_7e55_0016_0010);
    let mut docs = Vec::new();
    for i in 0..projects {
        let root = format!("shapes-{i}");
        let p = super::gen::PROJECTS[i % super::gen::PROJECTS.len()];
        docs.push(env_names(&mut g, &format!("{root}/.env.production"), p));
        docs.push(fastapi_main(&mut g, &format!("{root}/app/main.py")));
        docs.push(config_classes(&mut g, &format!("{root}/{p}/config.py")));
        docs.push(settings_defaults(
            &mut g,
            &format!("{root}/{p}/settings/production.py"),
            true,
        ));
        docs.push(settings_defaults(
            &mut g,
            &format!("{root}/{p}/settings/dev.py"),
            false,
        ));
        docs.push(app_yaml(
            &mut g,
            &format!("{root}/config/production.yaml"),
            true,
        ));
        docs.push(app_yaml(
            &mut g,
            &format!("{root}/config/development.yaml"),
            false,
        ));
        docs.push(terraform_app(
            &mut g,
            &format!("{root}/infra/app_service.tf"),
        ));
        docs.push(library_flags(
            &mut g,
            &format!("{root}/lib/{p}parse/lexer.py"),
        ));
        docs.push(cassette(
            &mut g,
            &format!("{root}/tests/cassettes/test_{p}_api.yaml"),
        ));
        docs.push(ruby_cassette(
            &mut g,
            &format!("{root}/spec/fixtures/vcr_cassettes/{p}.yml"),
        ));
        docs.push(test_fixtures(
            &mut g,
            &format!("{root}/tests/test_{p}_client.py"),
        ));
        docs.push(readme(&mut g, &format!("{root}/docs/quickstart.md"), p));
        docs.push(collection(
            &mut g,
            &format!("{root}/api/{p}.postman_collection.json"),
        ));
        docs.push(forms(&mut g, &format!("{root}/{p}/db.py"), p));
        docs.push(xml_config(&mut g, &format!("{root}/deploy/settings.xml")));
        docs.push(k8s_secret(
            &mut g,
            &format!("{root}/k8s/base/{p}-secret.yaml"),
            p,
        ));
        docs.push(look_alikes(&mut g, &format!("{root}/web/src/{p}.js")));
        docs.push(locale(&mut g, &format!("{root}/web/locales/ja.json")));
        php_and_ci(&mut g, &root, p, &mut docs);
    }
    // The curl and .NET shapes draw from their own generator, so adding them left the
    // draws above as they were.
    let mut g = Gen::new(seed ^ 0x5a4a_7e55_0016_0017);
    for i in 0..projects {
        let root = format!("shapes-{i}");
        let p = super::gen::PROJECTS[i % super::gen::PROJECTS.len()];
        curl_and_dotnet(&mut g, &root, p, &mut docs);
        docs.push(made_up_values(
            &mut g,
            &format!("{root}/web/templates/{p}/order.html"),
        ));
    }
    // A service's name before `_key`, and data keys: their own generator again.
    let mut g = Gen::new(seed ^ 0x5a4a_7e55_0016_0018);
    for i in 0..projects {
        let root = format!("shapes-{i}");
        let p = super::gen::PROJECTS[i % super::gen::PROJECTS.len()];
        docs.push(vendor_keys(&mut g, &format!("{root}/{p}/integrations.py")));
        docs.push(counted_fixtures(
            &mut g,
            &format!("{root}/tests/test_{p}_integrations.py"),
        ));
    }
    // Recordings as the tools export them, a field a line: their own generator.
    let mut g = Gen::new(seed ^ 0x5a4a_7e55_0016_0019);
    for i in 0..projects {
        let root = format!("shapes-{i}");
        let p = super::gen::PROJECTS[i % super::gen::PROJECTS.len()];
        docs.push(pretty_collection(
            &mut g,
            &format!("{root}/postman/{p}.postman_collection.json"),
        ));
        docs.push(pretty_har(
            &mut g,
            &format!("{root}/tests/fixtures/{p}.har"),
        ));
    }
    // Account passwords outside assignments: SQL, Terraform, Go DSNs, positional arguments.
    let mut g = Gen::new(seed ^ 0x5a4a_7e55_0016_001a);
    for i in 0..projects {
        let root = format!("shapes-{i}");
        let p = super::gen::PROJECTS[i % super::gen::PROJECTS.len()];
        account_passwords(&mut g, &root, p, &mut docs);
    }
    // A name and its value separated by blanks: Dockerfile ENV, Gradle, redis.conf, C macros.
    let mut g = Gen::new(seed ^ 0x5a4a_7e55_0016_001b);
    for i in 0..projects {
        let root = format!("shapes-{i}");
        let p = super::gen::PROJECTS[i % super::gen::PROJECTS.len()];
        spaced_settings(&mut g, &root, p, &mut docs);
    }
    docs
}

/// Settings written `name value`, each with a literal or the way to keep it out.
fn spaced_settings(g: &mut Gen, root: &str, proj: &str, docs: &mut Vec<Doc>) {
    let up = proj.to_uppercase().replace('-', "_");
    let mut b = FileBuilder::new(format!("{root}/docker/{proj}/Dockerfile"));
    b.n("FROM python:3.12-slim\nWORKDIR /app");
    if g.chance(50) {
        let t = g.alnum_in(32, 40);
        b.p(
            K::Generic,
            "dockerfile ENV name value",
            &t,
            format!("ENV {up}_API_TOKEN {t}"),
        );
    } else {
        b.n(format!(
            "ARG {up}_API_TOKEN\nENV {up}_API_URL https://api.internal/v2"
        ));
    }
    b.n("COPY . .\nCMD [\"gunicorn\", \"app:app\"]");
    docs.push(b.finish());

    let mut b = FileBuilder::new(format!("{root}/{proj}/build.gradle"));
    b.n("publishing {\n  repositories {\n    maven {\n      url 'https://maven.internal/releases'\n      credentials {\n        username 'deploy'");
    if g.chance(50) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "gradle password literal",
            &pw,
            format!("        password '{pw}'"),
        );
    } else {
        b.n("        password findProperty('mavenPassword')");
    }
    b.n("      }\n    }\n  }\n}");
    docs.push(b.finish());

    let mut b = FileBuilder::new(format!("{root}/deploy/{proj}-redis.conf"));
    b.n("bind 127.0.0.1\nport 6379\nappendonly yes");
    if g.chance(50) {
        let pw = g.alnum_in(16, 24) + &g.digits(2);
        b.p(
            K::Password,
            "redis.conf requirepass",
            &pw,
            format!("requirepass {pw}"),
        );
    } else {
        b.n("# requirepass foobared");
    }
    docs.push(b.finish());

    let mut b = FileBuilder::new(format!("{root}/firmware/{proj}_config.h"));
    b.n(format!(
        "#ifndef {up}_CONFIG_H\n#define {up}_CONFIG_H\n#define {up}_DB_HOST \"db.internal\""
    ));
    if g.chance(50) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "c define password",
            &pw,
            format!("#define {up}_DB_PASS \"{pw}\""),
        );
    } else {
        b.n(format!("#define {up}_DB_PASS_ENV \"{up}_DB_PASSWORD\"\n#define {up}_SECRET_KEY {up}_SECRET_KEY_DEFAULT"));
    }
    b.n("#endif");
    docs.push(b.finish());
}

/// A database init script, Terraform variables, a Go store and a PHP connection, each with a
/// literal password or the way to keep it out.
fn account_passwords(g: &mut Gen, root: &str, proj: &str, docs: &mut Vec<Doc>) {
    let mut b = FileBuilder::new(format!("{root}/db/init/01-{proj}.sql"));
    b.n(format!("CREATE DATABASE {proj};"));
    let pw = g.password(Charset::Safe);
    match g.below(4) {
        0 => b.p(
            K::Password,
            "sql IDENTIFIED BY",
            &pw,
            format!("CREATE USER '{proj}'@'%' IDENTIFIED BY '{pw}';"),
        ),
        1 => b.p(
            K::Password,
            "sql WITH PASSWORD",
            &pw,
            format!("CREATE ROLE {proj}_app WITH LOGIN PASSWORD '{pw}';"),
        ),
        2 => b.p(
            K::Password,
            "sql SET PASSWORD",
            &pw,
            format!("SET PASSWORD FOR '{proj}'@'localhost' = '{pw}';"),
        ),
        _ => {
            b.n(format!(
                "CREATE USER {proj}_app WITH PASSWORD :'app_password';"
            ));
        }
    }
    b.n(format!("GRANT ALL PRIVILEGES ON {proj}.* TO '{proj}'@'%';"));
    docs.push(b.finish());

    let mut b = FileBuilder::new(format!("{root}/infra/variables.tf"));
    b.n("variable \"region\" {\n  default = \"eu-west-1\"\n}\n");
    if g.chance(50) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "terraform variable default",
            &pw,
            format!("variable \"{proj}_db_password\" {{\n  type      = string\n  sensitive = true\n  default   = \"{pw}\"\n}}"),
        );
    } else {
        b.n(format!(
            "variable \"{proj}_db_password\" {{\n  type      = string\n  sensitive = true\n}}"
        ));
    }
    b.n(format!(
        "variable \"token_ttl\" {{\n  default = \"{}\"\n}}",
        g.s("lalnum", 12)
    ));
    docs.push(b.finish());

    let mut b = FileBuilder::new(format!("{root}/internal/store/{proj}.go"));
    b.n("package store\n\nimport \"database/sql\"\n");
    if g.chance(50) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "go mysql dsn",
            &pw,
            format!("var dsn = \"{proj}:{pw}@tcp(db.internal:3306)/{proj}?parseTime=true\""),
        );
    } else {
        b.n(
            "var dsn = fmt.Sprintf(\"%s:%s@tcp(%s)/shop\", user, os.Getenv(\"DB_PASSWORD\"), host)",
        );
    }
    docs.push(b.finish());

    let mut b = FileBuilder::new(format!("{root}/web/{proj}/db.php"));
    b.n("<?php");
    if g.chance(50) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "php PDO positional password",
            &pw,
            format!("$pdo = new PDO('mysql:host=db;dbname={proj}', '{proj}', '{pw}');"),
        );
    } else {
        b.n("$pdo = new PDO($dsn, $user, getenv('DB_PASSWORD'));");
    }
    docs.push(b.finish());
}

/// A Postman collection as Postman exports it (tab-indented, a field a line): a header, a
/// bearer auth block and an environment-style variable, each holding a token or a
/// `{{variable}}`.
fn pretty_collection(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(
        "{\n\t\"info\": {\n\t\t\"name\": \"api\"\n\t},\n\t\"item\": [\n\t\t{\n\t\t\t\"request\": {",
    );
    b.n("\t\t\t\t\"header\": [\n\t\t\t\t\t{\n\t\t\t\t\t\t\"key\": \"Authorization\",");
    if g.chance(50) {
        let t = g.s("b64url", 40);
        b.p(
            K::Generic,
            "postman header value on its own line",
            &t,
            format!("\t\t\t\t\t\t\"value\": \"Bearer {t}\","),
        );
    } else {
        b.n("\t\t\t\t\t\t\"value\": \"Bearer {{access_token}}\",");
    }
    b.n("\t\t\t\t\t\t\"type\": \"text\"\n\t\t\t\t\t}\n\t\t\t\t],");
    b.n("\t\t\t\t\"auth\": {\n\t\t\t\t\t\"type\": \"bearer\",\n\t\t\t\t\t\"bearer\": [\n\t\t\t\t\t\t{");
    b.n("\t\t\t\t\t\t\t\"key\": \"token\",");
    if g.chance(50) {
        let t = g.alnum(36);
        b.p(
            K::Generic,
            "postman bearer auth token",
            &t,
            format!("\t\t\t\t\t\t\t\"value\": \"{t}\","),
        );
    } else {
        b.n("\t\t\t\t\t\t\t\"value\": \"{{token}}\",");
    }
    b.n("\t\t\t\t\t\t\t\"type\": \"string\"\n\t\t\t\t\t\t}\n\t\t\t\t\t]\n\t\t\t\t}\n\t\t\t}\n\t\t}\n\t],");
    b.n("\t\"variable\": [\n\t\t{\n\t\t\t\"key\": \"base_url\",\n\t\t\t\"value\": \"https://api.example.com\"\n\t\t},");
    b.n("\t\t{\n\t\t\t\"key\": \"api_key\",");
    if g.chance(50) {
        let k = g.s("lalnum", 32);
        b.p(
            K::Generic,
            "postman variable api_key",
            &k,
            format!("\t\t\t\"value\": \"{k}\""),
        );
    } else {
        b.n("\t\t\t\"value\": \"\"");
    }
    b.n("\t\t}\n\t]\n}");
    b.finish()
}

/// A HAR file as browsers export it: an Authorization header and the session cookie, once in
/// the Cookie header and once in the request's `cookies` list, each on the line after its
/// name; the CSRF cookie beside them is not a credential.
fn pretty_har(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("{\n  \"log\": {\n    \"entries\": [\n      {\n        \"request\": {\n          \"method\": \"GET\",");
    b.n("          \"headers\": [\n            {\n              \"name\": \"authorization\",");
    if g.chance(50) {
        let t = g.s("b64url", 48);
        b.p(
            K::Generic,
            "HAR Authorization value on its own line",
            &t,
            format!("              \"value\": \"Bearer {t}\""),
        );
    } else {
        b.n("              \"value\": \"Bearer REDACTED\"");
    }
    b.n("            },\n            {\n              \"name\": \"cookie\",");
    let session = g.s("lalnum", 32);
    let csrf = g.alnum(32);
    if g.chance(50) {
        b.p(
            K::Generic,
            "HAR Cookie header value on its own line",
            &session,
            format!("              \"value\": \"csrftoken={csrf}; sessionid={session}\""),
        );
    } else {
        b.n(format!("              \"value\": \"csrftoken={csrf}\""));
    }
    b.n("            }\n          ],\n          \"cookies\": [\n            {\n              \"name\": \"csrftoken\",");
    b.n(format!("              \"value\": \"{csrf}\"\n            }},\n            {{\n              \"name\": \"sessionid\","));
    if g.chance(50) {
        let s2 = g.s("lalnum", 32);
        b.p(
            K::Generic,
            "HAR cookies list entry",
            &s2,
            format!("              \"value\": \"{s2}\","),
        );
    } else {
        b.n("              \"value\": \"\",");
    }
    b.n("              \"httpOnly\": true\n            }\n          ]\n        }\n      }\n    ]\n  }\n}");
    b.finish()
}

/// Keys named after their service (`WEATHERLY_KEY`, `boxKey`), beside keys of data
/// (`cache_key`, `userSortKey`) whose values are just as random.
fn vendor_keys(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("import os\n");
    let services = ["WEATHERLY", "GEOCODIO", "MAILJETTY", "PDFKITE", "ATERRA"];
    let name = format!("{}_KEY", g.pick(&services));
    let k = g.s("lalnum", 32);
    b.p(
        K::Generic,
        "service name before _KEY",
        &k,
        format!("{name} = \"{k}\""),
    );
    let k = format!("{}{}", g.s("upper", 1), g.alnum(31));
    b.p(
        K::Generic,
        "service name before camelCase Key",
        &k,
        format!("upload = Client(boxKey=\"{k}\")"),
    );
    b.n(format!("cache_key = \"{}\"", g.hex(32)));
    b.n(format!("userSortKey = \"{}\"", g.alnum(24)));
    b.n(format!("PRIMARY_KEY = \"{}\"", g.alnum(20)));
    b.n(format!(
        "headers = {{\"Sec-WebSocket-Key\": \"{}==\"}}",
        g.s("b64", 22)
    ));
    b.n("WEATHERLY_KEY = os.environ[\"WEATHERLY_KEY\"]");
    b.finish()
}

/// Test fixtures typed by counting under key names (`a1b2c3...`, `abcd1234efgh5678...`): stand-ins,
/// quiet in tests; a generated value beside them is reported.
fn counted_fixtures(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    let start = g.below(10) as u8;
    let interleaved: String = (0..32u8)
        .map(|i| {
            if i % 2 == 0 {
                (b'a' + (start + i / 2) % 26) as char
            } else {
                (b'0' + (start + i / 2 + 1) % 10) as char
            }
        })
        .collect();
    b.n(format!("GEOCODIO_KEY = \"{interleaved}\""));
    let blocks: String = (0..4u8)
        .map(|i| {
            let l: String = (0..4u8)
                .map(|j| (b'a' + (4 * i + j) % 26) as char)
                .collect();
            let d: String = (0..4u8)
                .map(|j| (b'0' + (4 * i + j + 1) % 10) as char)
                .collect();
            format!("{l}{d}")
        })
        .collect();
    b.n(format!("api_token = \"{blocks}\""));
    let k = g.s("lalnum", 32);
    b.p(
        K::Generic,
        "generated key in a test beside counted stand-ins",
        &k,
        format!("LIVE_SMOKE_KEY = \"{k}\""),
    );
    b.finish()
}

/// Names the old prefix exclusions swallowed, qualified names, and names about passwords.
fn env_names(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!("# {proj} production environment"));
    let real = [
        "MINIO_ROOT_PASSWORD",
        "USER_PASSWORD",
        "NODE_RED_PASSWORD",
        "NOREPLY_EMAIL_PASSWORD",
        "ENTERPRISE_DB_PASSWORD",
        "ISSUER_PASSWORD",
        "NEWRELIC_PASSWORD",
        "HASURA_DB_PASSWORD",
        "FORMIO_PASSWORD",
        "MAXMIND_PASSWORD",
        "PASSWORD_2",
        "DB_PASSWORD_PROD",
        "MYSQL_PASSWORD_RO",
        "SMTP_PASSWORD_1",
        "REDIS_PASS_PRODUCTION",
    ];
    let quiet = [
        "MIN_PASSWORD_LENGTH=12",
        "PASSWORD_RESET_TIMEOUT=259200",
        "MYSQL_ALLOW_EMPTY_PASSWORD=yes",
        "POSTGRES_PASSWORD_FILE=/run/secrets/db_password",
        "PASSWORD_HASHERS=argon2,bcrypt",
    ];
    for _ in 0..4 {
        let name = g.pick(&real);
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "qualified or formerly swallowed name",
            &pw,
            format!("{name}={pw}"),
        );
        b.n(g.pick(&quiet));
    }
    b.finish()
}

/// FastAPI/Starlette/werkzeug debug switches; production paths.
fn fastapi_main(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("import os\n\nfrom fastapi import FastAPI\nfrom starlette.applications import Starlette\n");
    match g.below(5) {
        0 => b.p(
            K::Debug,
            "FastAPI(debug=True)",
            "FastAPI(debug=True)",
            "app = FastAPI(debug=True)",
        ),
        1 => b.p(
            K::Debug,
            "FastAPI multi-line debug=True",
            "FastAPI(",
            "app = FastAPI(\n    title=\"Orders\",\n    version=\"1.4.0\",\n    debug=True,\n)",
        ),
        2 => b.p(
            K::Debug,
            "Starlette(debug=True)",
            "Starlette(debug=True",
            "app = Starlette(debug=True, routes=routes)",
        ),
        3 => b.p(
            K::Debug,
            "werkzeug run_simple use_debugger",
            "run_simple(",
            "if __name__ == \"__main__\":\n    run_simple(\"0.0.0.0\", 8000, app, use_reloader=True, use_debugger=True)",
        ),
        _ => {
            b.n("app = FastAPI(debug=os.environ.get(\"APP_DEBUG\") == \"1\")");
        }
    }
    b.n("\n@app.get(\"/healthz\")\ndef healthz():\n    return {\"status\": \"ok\", \"debug\": app.debug}");
    b.finish()
}

/// Flask-style config classes: DEBUG on in a base or production class is a positive, in a
/// development or test class it is not.
fn config_classes(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("import os\n\n");
    let base = g.pick(&["Config", "BaseConfig", "Config(object)"]);
    b.n(format!("class {base}:"));
    b.n("    SECRET_KEY = os.environ.get(\"SECRET_KEY\")");
    if g.chance(50) {
        b.p(
            K::Debug,
            "base config class DEBUG = True",
            "DEBUG = True",
            "    DEBUG = True",
        );
    } else {
        b.n("    DEBUG = False");
    }
    b.n("    SQLALCHEMY_TRACK_MODIFICATIONS = False\n\n");
    b.n("class DevelopmentConfig(Config):\n    DEBUG = True\n\n");
    b.n("class TestingConfig(Config):\n    TESTING = True\n    DEBUG = True\n\n");
    b.n("class ProductionConfig(Config):");
    if g.chance(40) {
        b.p(
            K::Debug,
            "production config class DEBUG default on",
            "DEBUG = ",
            "    DEBUG = os.environ.get(\"FLASK_DEBUG\", \"1\") == \"1\"",
        );
    } else {
        b.n("    DEBUG = False");
    }
    b.n("\n\ndef configure(app):\n    \"\"\"Example::\n\n        DEBUG = True\n    \"\"\"\n    app.config.from_object(ProductionConfig)");
    b.finish()
}

/// Environment reads whose default turns DEBUG on (production) or that are fine (dev).
fn settings_defaults(g: &mut Gen, path: &str, prod: bool) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("import environ\nfrom decouple import config\n\nenv = environ.Env()\n");
    let line = g
        .pick(&[
            "DEBUG = env.bool(\"DJANGO_DEBUG\", default=True)",
            "DEBUG = os.getenv(\"DEBUG\", \"True\") == \"True\"",
            "DEBUG = config(\"DEBUG\", default=True, cast=bool)",
            "DEBUG = os.environ.get(\"DEBUG\", \"1\") == \"1\"",
        ])
        .to_string();
    if prod {
        b.p(K::Debug, "insecure DEBUG default", &line, &line);
    } else {
        b.n(line);
    }
    b.n("DEBUG_TOOLBAR = env.bool(\"DEBUG_TOOLBAR\", default=False)");
    b.n("ALLOWED_HOSTS = env.list(\"ALLOWED_HOSTS\", default=[])");
    b.finish()
}

/// A YAML application config with `debug: true`.
fn app_yaml(g: &mut Gen, path: &str, prod: bool) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("app:\n  name: orders\n  port: 8080");
    let v = g.pick(&["true", "True", "yes", "on"]);
    let line = format!("  debug: {v}");
    if prod && g.chance(60) {
        b.p(K::Debug, "yaml app config debug: true", &line, &line);
    } else if prod {
        b.n("  debug: false");
    } else {
        b.n(line);
    }
    b.n("logging:\n  level: debug\n  format: json");
    b.finish()
}

/// Terraform app settings (Azure App Service, Elastic Beanstalk).
fn terraform_app(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("resource \"azurerm_linux_web_app\" \"api\" {\n  name     = \"api\"\n  app_settings = {");
    if g.chance(60) {
        b.p(
            K::Debug,
            "terraform app_settings DEBUG",
            "\"DEBUG\"",
            "    \"DEBUG\"          = \"True\"",
        );
    } else {
        b.n("    \"DEBUG\"          = \"False\"");
    }
    b.n("    \"WEBSITES_PORT\" = \"8000\"\n  }\n}");
    b.finish()
}

/// A library's own debug flags, not a web app's: negatives.
fn library_flags(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    let cls = g.pick(&["Lexer", "Parser", "Tokenizer"]);
    b.n(format!(
        "class {cls}:\n    def __init__(self, text):\n        self.text = text\n        self.debug = True\n        self.pos = 0\n"
    ));
    b.n("def make(text):\n    lx = Lexer(text)\n    lx.debug = True\n    return lx");
    b.finish()
}

/// A VCR.py cassette: a live bearer token and a session cookie recorded, or filtered.
fn cassette(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("interactions:\n- request:\n    body: null\n    headers:\n      Accept: ['*/*']");
    if g.chance(60) {
        let t = g.alnum(40);
        b.p(
            K::Generic,
            "cassette Authorization Bearer",
            &t,
            format!("      Authorization: [Bearer {t}]"),
        );
    } else {
        b.n(g.pick(&[
            "      Authorization: [Bearer <AUTH_TOKEN>]",
            "      Authorization: [DUMMY]",
        ]));
    }
    b.n("      User-Agent: [python-requests/2.31.0]\n    method: GET\n    uri: https://api.example.net/v1/me\n  response:\n    headers:");
    if g.chance(50) {
        let c = g.s("lalnum", 32);
        b.p(
            K::Generic,
            "cassette session cookie",
            &c,
            format!("      Set-Cookie: ['sessionid={c}; expires=Thu, 01 Jan 2026 00:00:00 GMT; HttpOnly; Path=/']"),
        );
    } else {
        b.n("      Set-Cookie: ['csrftoken=abc; Path=/']");
    }
    b.n("    status: {code: 200, message: OK}\nversion: 1");
    b.finish()
}

/// A Ruby VCR cassette: the header value on the next line.
fn ruby_cassette(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("---\nhttp_interactions:\n- request:\n    method: get\n    uri: https://api.example.net/v2/users\n    headers:\n      Authorization:");
    if g.chance(60) {
        let t = format!("Q{}", g.s("b64url", 43));
        b.p(
            K::Generic,
            "ruby vcr Bearer next line",
            &t,
            format!("      - Bearer {t}"),
        );
    } else {
        b.n("      - Bearer <BEARER_TOKEN>");
    }
    b.n("      X-Api-Key:");
    if g.chance(50) {
        let k = g.hex(40);
        b.p(K::Generic, "ruby vcr X-Api-Key", &k, format!("      - {k}"));
    } else {
        b.n("      - \"<API_KEY>\"");
    }
    b.finish()
}

/// A test module: fixture passwords and keys stay quiet, a live-looking key pasted in is found.
fn test_fixtures(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("import pytest\n\nfrom app.client import Client\n");
    b.n(g.pick(&[
        "USER = User(username=\"user2\", password=\"pass\")",
        "db.login(\"scott\", \"tiger\")",
        "PASSWORD = \"password123\"",
        "client.login(username=\"alice\", password=\"s3cret\")",
    ]));
    b.n(g.pick(&[
        "API_KEY = \"test-key-0001\"",
        "api_key = \"abcd1234abcd1234abcd1234abcd1234\"",
        "token = \"fake-token-for-tests\"",
    ]));
    if g.chance(50) {
        let k = g.alnum(32);
        b.p(
            K::Generic,
            "live-looking key in a test",
            &k,
            format!("client = Client(api_key=\"{k}\")"),
        );
    } else {
        b.n("client = Client(api_key=os.environ[\"CLIENT_API_KEY\"])");
    }
    if g.chance(40) {
        let t = format!("T{}", g.s("b64url", 47));
        b.p(
            K::Generic,
            "bearer header in a test",
            &t,
            format!("HEADERS = {{\"Authorization\": \"Bearer {t}\"}}"),
        );
    }
    b.n("\n\ndef test_me(client):\n    assert client.me()[\"id\"]");
    b.finish()
}

/// A doc: an API key in a shell block is found; placeholders are not.
fn readme(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!(
        "# {proj} quick start\n\nSet your key before running:\n\n```sh"
    ));
    if g.chance(50) {
        let k = g.hex(32);
        b.p(
            K::Generic,
            "README export API key",
            &k,
            format!("export WEATHER_API_KEY={k}"),
        );
    } else {
        b.n("export WEATHER_API_KEY=<your-api-key>");
    }
    b.n("```\n\nRemember to grep for password= before commit, and keep `API_KEY=` empty in the example.");
    if g.chance(40) {
        let creds = format!("deploy:{}", g.alnum(14));
        let v = Gen::base64(creds.as_bytes());
        b.p(
            K::Password,
            "README curl Basic header",
            &v,
            format!("\n```\ncurl -H \"Authorization: Basic {v}\" https://ci.{proj}.io/api\n```"),
        );
    } else {
        b.n("\n```\ncurl -H \"Authorization: Basic dXNlcjpwYXNzd29yZA==\" https://ci.example.com/api\n```");
    }
    b.finish()
}

/// A Postman collection: bearer headers, or variables.
fn collection(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("{\"info\": {\"name\": \"api\"}, \"item\": [{\"request\": {\"header\": [");
    if g.chance(60) {
        let t = format!("P{}", g.s("b64url", 40));
        b.p(
            K::Generic,
            "postman Authorization value Bearer",
            &t,
            format!(
                "  {{\"key\": \"Authorization\", \"value\": \"Bearer {t}\", \"type\": \"text\"}},"
            ),
        );
    } else {
        b.n("  {\"key\": \"Authorization\", \"value\": \"Bearer {{token}}\", \"type\": \"text\"},");
    }
    b.n("  {\"key\": \"Accept\", \"value\": \"application/json\"}]}}]}");
    b.finish()
}

/// Password forms that are not `name = value`.
fn forms(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("import psycopg2\n");
    for _ in 0..3 {
        let pw = g.password(Charset::Safe);
        match g.below(6) {
            0 => b.p(
                K::Password,
                "tuple assignment",
                &pw,
                format!("username, password = \"{proj}\", \"{pw}\""),
            ),
            1 => b.p(
                K::Password,
                "set_password literal",
                &pw,
                format!("admin.set_password(\"{pw}\")"),
            ),
            2 => b.p(
                K::Password,
                "libpq dsn",
                &pw,
                format!(
                    "conn = psycopg2.connect(\"host=db dbname={proj} user={proj} password={pw}\")"
                ),
            ),
            3 => {
                let chunks = format!(
                    "{} {} {}7",
                    g.s("lalnum", 5),
                    g.s("lalnum", 6),
                    g.s("lalnum", 4)
                );
                b.p(
                    K::Password,
                    "password with spaces",
                    &chunks,
                    format!("SMTP_PASSWORD = \"{chunks}\""),
                )
            }
            4 => b.p(
                K::Password,
                "curl --user quoted",
                &pw,
                format!("os.system(\"curl --user admin:'{pw}' https://ci.{proj}.io/api\")"),
            ),
            _ => {
                let t = g.alnum(32);
                b.p(
                    K::Generic,
                    "two-word name",
                    &t,
                    format!("# reporting token = '{t}'"),
                );
            }
        }
    }
    b.n("user.set_password(form.cleaned_data[\"password\"])\nusername, password = request.form[\"u\"], request.form[\"p\"]");
    b.finish()
}

/// Maven settings and .NET config: XML elements and key/value attributes.
fn xml_config(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("<settings>\n  <servers>\n    <server>\n      <id>nexus</id>\n      <username>deploy</username>");
    if g.chance(60) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "xml password element",
            &pw,
            format!("      <password>{pw}</password>"),
        );
    } else {
        b.n("      <password>${env.NEXUS_PASSWORD}</password>");
    }
    b.n("    </server>\n  </servers>\n  <appSettings>");
    if g.chance(60) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "xml add key value",
            &pw,
            format!("    <add key=\"SmtpPassword\" value=\"{pw}\" />"),
        );
    } else {
        b.n("    <add key=\"SmtpPassword\" value=\"\" />");
    }
    b.n("  </appSettings>\n</settings>");
    b.finish()
}

/// A Kubernetes Secret: base64 values decoded and judged.
fn k8s_secret(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {proj}-db\ntype: Opaque\ndata:"
    ));
    b.n(format!("  username: {}", Gen::base64(proj.as_bytes())));
    if g.chance(60) {
        let pw = g.alnum(18);
        let v = Gen::base64(pw.as_bytes());
        b.p(
            K::Password,
            "k8s secret data password",
            &v,
            format!("  password: {v}"),
        );
    } else {
        b.n(format!("  password: {}", Gen::base64(b"changeme")));
    }
    if g.chance(50) {
        let pem = super::providers::pem_private_as(g, Some("RSA PRIVATE KEY"));
        let v = Gen::base64(pem.as_bytes());
        b.p(
            K::PrivateKey,
            "k8s secret base64 PEM",
            &v,
            format!("  tls.key: {v}"),
        );
    }
    b.finish()
}

/// Look-alikes in code: fallbacks, markup, concatenation, stand-ins; and a long token.
fn look_alikes(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("const dbPassword = process.env.DB_PASSWORD || \"not-set\";");
    b.n("const html = '<div data-config=\"{&quot;password&quot;: &quot;Xk9pQ2&quot;}\"></div>';");
    b.n("const sql = \"SELECT id FROM users WHERE password='\" + req.body.password + \"'\";");
    b.n(g.pick(&[
        "const SLACK = \"xoxb-SlackAppConfigurationAccessTokenHere\";",
        "this.addPassword = \"#add-password\";",
    ]));
    if g.chance(40) {
        let t = format!("R{}", g.s("b64url", 700));
        b.p(
            K::Generic,
            "long refresh token",
            &t,
            format!("const REFRESH_TOKEN = \"{t}\";"),
        );
    }
    b.finish()
}

/// Translated UI text under password keys.
fn locale(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("{");
    b.n(g.pick(&[
        "  \"LOGIN_PASSWORD\": \"ログインパスワード\",",
        "  \"ADMIN_PASSWORD\": \"管理者パスワード\",",
        "  \"USER_PASSWORD\": \"Пароль пользователя\",",
    ]));
    b.n("  \"RESET_PASSWORD\": \"パスワードをリセット\"\n}");
    b.finish()
}

/// PHP config constants and a CI registry login.
fn php_and_ci(g: &mut Gen, root: &str, proj: &str, docs: &mut Vec<Doc>) {
    let mut b = FileBuilder::new(format!("{root}/wp-config.php"));
    b.n("<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp' );");
    if g.chance(60) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "php define DB_PASSWORD",
            &pw,
            format!("define( 'DB_PASSWORD', '{pw}' );"),
        );
    } else {
        b.n("define( 'DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD') );");
    }
    b.n("define( 'DB_HOST', 'db' );");
    docs.push(b.finish());
    let mut b = FileBuilder::new(format!("{root}/Jenkinsfile"));
    b.n("pipeline {\n  agent any\n  stages {\n    stage('push') {\n      steps {");
    if g.chance(50) {
        let pw = g.alnum(20);
        b.p(
            K::Password,
            "docker login -p literal",
            &pw,
            format!("        sh 'docker login -u ci -p {pw} registry.{proj}.io'"),
        );
    } else {
        b.n(format!(
            "        sh 'echo $REGISTRY_PASSWORD | docker login -u ci --password-stdin registry.{proj}.io'"
        ));
    }
    b.n("      }\n    }\n  }\n}");
    docs.push(b.finish());
}

/// A password a doc still reports: letters and digits, as a generator makes them.
fn doc_password(g: &mut Gen) -> String {
    format!("{}{}", g.alnum(12), g.digits(2))
}

/// curl credentials in a deploy script, a Dockerfile, a Makefile and a README code block
/// (`-u` with and without a user name, `--user` quoted, a command continued over lines,
/// `Authorization: Basic`/`Bearer` headers), and .NET `NetworkCredential` literals; each
/// beside the references and placeholders that stay quiet.
fn curl_and_dotnet(g: &mut Gen, root: &str, proj: &str, docs: &mut Vec<Doc>) {
    let quiet = [
        "curl -fsS -u \":$CI_TOKEN\" https://ci.internal/api",
        "curl -u \"deploy:${DEPLOY_PASSWORD}\" https://ci.internal/api",
        "curl -u user:password https://ci.internal/api",
        "curl --user 'user:<password>' https://ci.internal/api",
        "curl -H \"Authorization: Bearer $API_TOKEN\" https://ci.internal/api",
        "curl -H 'Authorization: Bearer <token>' https://ci.internal/api",
        "curl -H \"Authorization: Basic ${CREDS}\" https://ci.internal/api",
    ];
    let files = [
        (
            format!("{root}/scripts/release.sh"),
            "#!/bin/sh\nset -eu",
            "",
        ),
        (
            format!("{root}/Dockerfile"),
            "FROM python:3.12-slim\nWORKDIR /app",
            "RUN ",
        ),
        (format!("{root}/Makefile"), ".PHONY: deploy\ndeploy:", "\t"),
        (format!("{root}/docs/deploy.md"), "# Deploying\n\n```sh", ""),
    ];
    for (path, head, lead) in files {
        let mut b = FileBuilder::new(path.as_str());
        b.n(head);
        for _ in 0..2 {
            let pw = doc_password(g);
            let (case, kind, secret, text) = match g.below(6) {
                0 => (
                    "curl -u empty user",
                    K::Password,
                    pw.clone(),
                    format!("{lead}curl -fsS -u \":{pw}\" https://ci.{proj}.io/api/token"),
                ),
                1 => (
                    "curl -u user:pw",
                    K::Password,
                    pw.clone(),
                    format!("{lead}curl -fsS -u deploy:{pw} https://ci.{proj}.io/job/build"),
                ),
                2 => (
                    "curl --user quoted",
                    K::Password,
                    pw.clone(),
                    format!("{lead}curl --user 'deploy:{pw}' https://nexus.{proj}.io/repo"),
                ),
                3 => (
                    "curl Basic header",
                    K::Password,
                    Gen::base64(format!("svc-{proj}:{pw}").as_bytes()),
                    String::new(),
                ),
                4 => (
                    "curl Bearer header",
                    K::Generic,
                    format!("T{}", g.alnum(39)),
                    String::new(),
                ),
                _ => (
                    "curl -u continued line",
                    K::Password,
                    pw.clone(),
                    format!("{lead}curl -fsSL \\\n    -u deploy:{pw} \\\n    https://nexus.{proj}.io/artifact.tgz"),
                ),
            };
            let text = match case {
                "curl Basic header" => format!(
                    "{lead}curl -H 'Authorization: Basic {secret}' https://ci.{proj}.io/api"
                ),
                "curl Bearer header" => format!(
                    "{lead}curl -H \"Authorization: Bearer {secret}\" https://api.{proj}.io/v1/items"
                ),
                _ => text,
            };
            b.p(kind, case, &secret, text);
            b.n(format!("{lead}{}", g.pick(&quiet)));
        }
        if path.ends_with(".md") {
            b.n("```");
        }
        docs.push(b.finish());
    }
    let mut b = FileBuilder::new(format!("{root}/src/{proj}/Mailer.cs"));
    b.n("using System.Net;\nusing System.Net.Mail;\n\npublic static class Mailer\n{\n    public static SmtpClient Client(string user, string domain)\n    {");
    let pw = g.password(Charset::Safe);
    if g.chance(50) {
        b.p(
            K::Password,
            "NetworkCredential user password",
            &pw,
            format!("        var cred = new NetworkCredential(\"reports@{proj}.io\", \"{pw}\");"),
        );
    } else {
        b.p(
            K::Password,
            "NetworkCredential variable user, domain",
            &pw,
            format!("        var cred = new NetworkCredential(user, \"{pw}\", domain);"),
        );
    }
    b.n(g.pick(&[
        "        var fallback = new NetworkCredential(user, Environment.GetEnvironmentVariable(\"SMTP_PASSWORD\"));",
        "        var fallback = new NetworkCredential(\"user\", \"<password>\");",
        "        var fallback = new NetworkCredential(user, password, domain);",
    ]));
    b.n("        return new SmtpClient(\"smtp.internal\") { Credentials = cred };\n    }\n}");
    docs.push(b.finish());
}

/// Values that look like credentials and are not: a Rails anti-forgery token, an identifier
/// of words with a digit, a masked Slack token, id fields typed as one number, a Fernet token
/// (ciphertext) in a URL, an Azure key-vault name; beside a real key, found.
fn made_up_values(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("<form action=\"/orders\" method=\"post\">");
    b.n(format!(
        "  <input type=\"hidden\" name=\"authenticity_token\" value=\"{}\" autocomplete=\"off\" />",
        g.s("b64url", 86)
    ));
    b.n("  <div data-widget=\"desktop-rhf_SponsoredProductsRemoteSearchV2ClickPagination\"></div>");
    b.n(format!(
        "  <img src=\"https://images.internal/image?q=gAAAAABd{}==\">",
        g.s("b64url", 112)
    ));
    b.n("</form>\n<script>");
    b.n(format!(
        "  const SLACK_HELP = {{\"token\": \"xoxp-{}-{}-{}-####################\"}};",
        g.digits(12),
        g.digits(12),
        g.digits(12)
    ));
    b.n(format!(
        "  const token3 = \"xoxp-1234-1234-1234-{}\";",
        g.hex(32)
    ));
    b.n(format!(
        "  const deploy = {{keyVaultToStoreSecrets: \"{}-prod-{}\"}};",
        g.s("lalnum", 4),
        g.digits(10)
    ));
    let k = format!("Q{}", g.alnum(31));
    b.p(
        K::Generic,
        "api key beside made-up values",
        &k,
        format!("  const apiKey = \"{k}\";"),
    );
    b.n("</script>");
    b.finish()
}
