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
    }
    docs
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
