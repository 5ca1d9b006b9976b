//! Config files: `.env` variants, Docker, docker-compose, Kubernetes, CI, Ansible, JSON,
//! INI/properties and Terraform.

use keepmum::rules::Kind as K;

use super::gen::{Charset, Doc, FileBuilder, Gen};
use super::providers;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum EnvRole {
    /// `.env`, `.env.production`, `.env.staging`: deployed values.
    Prod,
    /// `.env.example`, `.env.sample`: placeholders only.
    Example,
    /// `.env.development`, `.env.local`: developer machines (DEBUG allowed).
    Dev,
}

fn env_debug_pos(g: &mut Gen, b: &mut FileBuilder, export: &str) {
    let v = g
        .pick(&[
            "DEBUG=1",
            "DEBUG=True",
            "DEBUG=true",
            "DJANGO_DEBUG=1",
            "DJANGO_DEBUG=True",
            "FLASK_DEBUG=1",
            "FLASK_ENV=development",
            "DEBUG=\"true\"",
            "APP_DEBUG=true",
        ])
        .to_string();
    b.p(K::Debug, ".env debug on", &v, format!("{export}{v}"));
}

pub fn dotenv(g: &mut Gen, path: &str, proj: &str, role: EnvRole) -> Doc {
    let mut b = FileBuilder::new(path);
    let export = if g.chance(20) { "export " } else { "" };
    b.n(format!(
        "# {proj} environment\n# Copy to .env and fill in; never commit real values."
    ));
    b.n(format!(
        "{export}DJANGO_SETTINGS_MODULE={proj}.settings.production"
    ));
    match role {
        EnvRole::Prod => {
            if g.chance(55) {
                env_debug_pos(g, &mut b, export);
            } else {
                b.n(format!(
                    "{export}{}",
                    g.pick(&[
                        "DEBUG=0",
                        "DEBUG=False",
                        "DEBUG=false",
                        "DEBUG=",
                        "DJANGO_DEBUG=off"
                    ])
                ));
            }
        }
        EnvRole::Example | EnvRole::Dev => {
            b.n(format!(
                "{export}{}",
                g.pick(&["DEBUG=1", "DEBUG=True", "FLASK_DEBUG=1", "DEBUG=true"])
            ));
        }
    }
    b.n(format!(
        "{export}LOG_LEVEL={}",
        g.pick(&["DEBUG", "INFO", "debug"])
    ));
    b.n(format!(
        "{export}ALLOWED_HOSTS={proj}.com,www.{proj}.com,localhost"
    ));
    let n = g.range(8, 14);
    let mut used = Vec::new();
    for _ in 0..n {
        let slot = g.below(21);
        if used.contains(&slot) {
            continue;
        }
        used.push(slot);
        if role == EnvRole::Example {
            env_example_slot(g, &mut b, slot, export, proj);
        } else {
            env_slot(g, &mut b, slot, export, proj, role);
        }
    }
    b.n(format!(
        "{export}TZ=UTC\n{export}GUNICORN_WORKERS=4\n{export}PORT=8000"
    ));
    b.finish()
}

fn env_slot(
    g: &mut Gen,
    b: &mut FileBuilder,
    slot: usize,
    export: &str,
    proj: &str,
    role: EnvRole,
) {
    match slot {
        0 => {
            if g.chance(60) {
                let k = g.django_key();
                b.p(
                    K::SecretKey,
                    ".env django SECRET_KEY (quoted)",
                    &k,
                    format!("{export}SECRET_KEY='{k}'"),
                );
            } else {
                let k = g.alnum(50);
                b.p(
                    K::SecretKey,
                    ".env SECRET_KEY",
                    &k,
                    format!("{export}DJANGO_SECRET_KEY={k}"),
                );
            }
        }
        1 => {
            let pw = g.url_password();
            let host = g.pick(&["db", "postgres", "db.internal", "10.0.3.12"]);
            b.p(
                K::Url,
                ".env DATABASE_URL with password",
                &pw,
                format!("{export}DATABASE_URL=postgres://{proj}:{pw}@{host}:5432/{proj}"),
            );
        }
        2 => {
            let pw = g.password(Charset::Safe);
            let name = g.pick(&[
                "POSTGRES_PASSWORD",
                "DB_PASSWORD",
                "MYSQL_ROOT_PASSWORD",
                "DATABASE_PASSWORD",
                "REDIS_PASSWORD",
                "RABBITMQ_DEFAULT_PASS",
                "DB_PASS",
                "PGPASSWORD",
            ]);
            b.p(
                K::Password,
                ".env password",
                &pw,
                format!("{export}{name}={pw}"),
            );
        }
        3 => {
            let pw = g.password(Charset::Rich);
            b.p(
                K::Password,
                ".env quoted password with symbols",
                &pw,
                format!("{export}EMAIL_HOST_PASSWORD=\"{pw}\""),
            );
        }
        4 => {
            b.n(format!("{export}REDIS_URL=redis://redis:6379/0\n{export}CELERY_BROKER_URL=amqp://rabbitmq:5672//"));
        }
        5 => {
            let (id, secret) = providers::aws_pair(g);
            b.p(
                K::Provider,
                ".env AWS_ACCESS_KEY_ID",
                &id,
                format!("{export}AWS_ACCESS_KEY_ID={id}"),
            );
            b.p(
                K::Provider,
                ".env AWS_SECRET_ACCESS_KEY",
                &secret,
                format!("{export}AWS_SECRET_ACCESS_KEY={secret}"),
            );
            b.n(format!("{export}AWS_DEFAULT_REGION=eu-west-1"));
        }
        6 => {
            let t = providers::any_token(g);
            let name = t.0.to_uppercase();
            b.p(
                K::Provider,
                ".env provider token",
                &t.1,
                format!("{export}{name}={}", t.1),
            );
        }
        7 => {
            let k = g.s_in("b64url", 32, 64);
            let name = g.pick(&[
                "JWT_SECRET",
                "JWT_SECRET_KEY",
                "SESSION_SECRET",
                "HMAC_SECRET",
                "APP_KEY",
            ]);
            b.p(
                K::Generic,
                ".env generic secret",
                &k,
                format!("{export}{name}={k}"),
            );
        }
        8 => {
            let key = g.hex(32);
            b.n(format!(
                "{export}SENTRY_DSN=https://{key}@o{}.ingest.sentry.io/{}",
                g.digits(6),
                g.digits(7)
            ));
        }
        9 => {
            b.n(format!(
                "{export}GIT_SHA={}\n{export}BUILD_ID={}\n{export}RELEASE=v{}.{}.{}",
                g.hex(40),
                g.digits(8),
                g.below(5),
                g.below(20),
                g.below(10)
            ));
        }
        10 => {
            b.n(format!(
                "{export}MAILGUN_API_KEY=\n{export}SENDGRID_API_KEY=\n{export}STRIPE_SECRET_KEY="
            ));
        }
        11 => {
            let k = g.alnum(32);
            let name = g.pick(&[
                "PARTNER_API_KEY",
                "MAPS_API_KEY",
                "ALGOLIA_ADMIN_KEY",
                "INTERNAL_API_TOKEN",
            ]);
            b.p(
                K::Generic,
                ".env api key",
                &k,
                format!("{export}{name}={k}"),
            );
        }
        12 => {
            b.n(format!("{export}DB_PASSWORD=${{POSTGRES_PASSWORD}}\n{export}DB_HOST=${{DB_HOST:-localhost}}"));
        }
        13 => {
            let id = g.uuid();
            b.n(format!("{export}TENANT_ID={id}\n{export}REQUEST_TIMEOUT=30\n{export}FEATURE_FLAGS=new_checkout,beta_search"));
        }
        14 => {
            if role == EnvRole::Dev {
                b.n(format!(
                    "{export}POSTGRES_PASSWORD=postgres\n{export}POSTGRES_USER=postgres"
                ));
            } else {
                let pw = g.password(Charset::Safe);
                b.p(
                    K::Password,
                    ".env SMTP password",
                    &pw,
                    format!("{export}SMTP_PASSWORD={pw}"),
                );
            }
        }
        15 => {
            let pk = format!("pk_live_{}", g.alnum(24));
            b.n(format!("{export}STRIPE_PUBLISHABLE_KEY={pk}"));
        }
        17 => {
            // A JWT signing key pasted as one line with `\n` escapes.
            let pem = providers::pem_private_as(g, Some("RSA PRIVATE KEY"));
            let one_line = pem.replace('\n', "\\n");
            b.p(
                K::PrivateKey,
                ".env one-line PEM private key",
                "-----BEGIN RSA PRIVATE KEY-----",
                format!("{export}JWT_PRIVATE_KEY=\"{one_line}\""),
            );
        }
        18 if g.chance(30) => {
            // A diceware passphrase with spaces: keepmum's password rule does not accept
            // spaces (UI labels would flood it), so this is a known miss.
            let words: Vec<&str> = (0..4).map(|_| g.word()).collect();
            let pw = words.join(" ");
            b.p(
                K::Password,
                ".env passphrase with spaces",
                &pw,
                format!("{export}BACKUP_PASSPHRASE=\"{pw}\""),
            );
        }
        19 => {
            // Mapbox public tokens (`pk.`) are meant for browsers.
            let claims = Gen::base64url(
                format!("{{\"u\":\"{proj}\",\"a\":\"{}\"}}", g.s("lalnum", 25)).as_bytes(),
            );
            b.n(format!(
                "{export}MAPBOX_TOKEN=pk.{claims}.{}",
                g.s("b64url", 22)
            ));
        }
        20 => {
            let (public, private) = (g.s("b64url", 87), g.s("b64url", 43));
            b.n(format!("{export}VAPID_PUBLIC_KEY={public}"));
            b.p(
                K::Generic,
                ".env VAPID private key",
                &private,
                format!("{export}VAPID_PRIVATE_KEY={private}"),
            );
        }
        _ => {
            let k = format!("{}{}", g.alnum(16), g.s("b64", 24));
            b.p(
                K::Generic,
                ".env neutral name strong value",
                &k,
                format!("{export}UPSTREAM_SEED={k}"),
            );
        }
    }
}

fn env_example_slot(g: &mut Gen, b: &mut FileBuilder, slot: usize, export: &str, proj: &str) {
    let line = match slot {
        0 => g
            .pick(&[
                "SECRET_KEY=your-secret-key-here",
                "SECRET_KEY=<generate with get_random_secret_key()>",
                "SECRET_KEY=changeme",
                "DJANGO_SECRET_KEY=",
            ])
            .to_string(),
        1 => g
            .pick(&[
                "DATABASE_URL=postgres://user:password@localhost:5432/app",
                "DATABASE_URL=postgres://postgres:postgres@db:5432/postgres",
                "DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/NAME",
                "DATABASE_URL=postgres://app:<password>@db:5432/app",
            ])
            .to_string(),
        2 => g
            .pick(&[
                "POSTGRES_PASSWORD=changeme",
                "DB_PASSWORD=your_password_here",
                "DB_PASSWORD=",
                "MYSQL_ROOT_PASSWORD=<root-password>",
                "REDIS_PASSWORD=xxxxxxxx",
            ])
            .to_string(),
        3 => "EMAIL_HOST_PASSWORD=\"\"".to_string(),
        5 => "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_string(),
        6 => g
            .pick(&[
                "OPENAI_API_KEY=sk-...",
                "STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx",
                "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "SLACK_BOT_TOKEN=xoxb-your-token",
            ])
            .to_string(),
        7 => "JWT_SECRET=replace-me-with-a-long-random-string".to_string(),
        11 => "PARTNER_API_KEY=<your-api-key>".to_string(),
        _ => format!("REDIS_URL=redis://localhost:6379/0\nSITE_NAME={proj}"),
    };
    b.n(format!(
        "{export}{}",
        line.replace('\n', &format!("\n{export}"))
    ));
}

pub fn dockerfile(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    let digest = g.hex(64);
    b.n(format!("FROM python:3.12-slim@sha256:{digest} AS base\n"));
    b.n("ENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1 \\\n    PIP_NO_CACHE_DIR=1");
    b.n("ARG DB_PASSWORD\nARG GIT_SHA\nLABEL org.opencontainers.image.revision=$GIT_SHA");
    match g.below(4) {
        0 => b.p(
            K::Debug,
            "Dockerfile ENV DEBUG",
            "DJANGO_DEBUG=1",
            "ENV DJANGO_DEBUG=1",
        ),
        1 => b.p(
            K::Debug,
            "Dockerfile ENV DEBUG",
            "DEBUG=True",
            "ENV DEBUG=True",
        ),
        _ => {
            b.n(g.pick(&["ENV DJANGO_DEBUG=0", "ENV DEBUG=False"]));
        }
    }
    if g.chance(35) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "Dockerfile ENV password",
            &pw,
            format!("ENV DB_PASSWORD={pw}"),
        );
    }
    b.n(format!("WORKDIR /srv/{proj}\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN python manage.py collectstatic --noinput\nEXPOSE 8000\nCMD [\"gunicorn\", \"{proj}.wsgi:application\", \"--bind\", \"0.0.0.0:8000\", \"--log-level\", \"debug\"]"));
    b.finish()
}

pub fn compose(g: &mut Gen, path: &str, proj: &str, dev: bool) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!("version: \"3.9\"\n\nservices:\n  web:\n    build: .\n    image: registry.gitlab.com/acme/{proj}:latest\n    command: gunicorn {proj}.wsgi:application --bind 0.0.0.0:8000\n    env_file: .env\n    ports:\n      - \"8000:8000\"\n    depends_on:\n      - db\n      - redis\n    environment:\n      - DJANGO_SETTINGS_MODULE={proj}.settings.production"));
    if !dev && g.chance(50) {
        let v = g.pick(&["DEBUG=1", "DEBUG=true", "DJANGO_DEBUG=True"]);
        b.p(
            K::Debug,
            "compose environment list DEBUG",
            v,
            format!("      - {v}"),
        );
    } else {
        b.n(if dev {
            "      - DEBUG=1"
        } else {
            "      - DEBUG=0"
        });
    }
    if !dev && g.chance(50) {
        let pw = g.url_password();
        b.p(
            K::Url,
            "compose DATABASE_URL",
            &pw,
            format!("      - DATABASE_URL=postgres://{proj}:{pw}@db:5432/{proj}"),
        );
    } else {
        b.n(format!(
            "      - DATABASE_URL=postgres://{proj}:${{POSTGRES_PASSWORD}}@db:5432/{proj}"
        ));
    }
    let digest = g.hex(64);
    b.n(format!("\n  db:\n    image: postgres:16@sha256:{digest}\n    restart: unless-stopped\n    environment:\n      POSTGRES_DB: {proj}\n      POSTGRES_USER: {proj}"));
    if dev {
        b.n("      POSTGRES_PASSWORD: postgres");
    } else {
        match g.below(3) {
            0 => {
                let pw = g.password(Charset::Safe);
                b.p(
                    K::Password,
                    "compose POSTGRES_PASSWORD",
                    &pw,
                    format!("      POSTGRES_PASSWORD: {pw}"),
                );
            }
            1 => {
                let pw = g.password(Charset::Rich);
                b.p(
                    K::Password,
                    "compose POSTGRES_PASSWORD quoted",
                    &pw,
                    format!("      POSTGRES_PASSWORD: \"{pw}\""),
                );
            }
            _ => {
                b.n("      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}");
            }
        }
    }
    b.n(format!("    volumes:\n      - pgdata:/var/lib/postgresql/data\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U {proj}\"]\n      interval: 10s"));
    if g.chance(40) {
        b.n("\n  mysql:\n    image: mysql:8.0\n    environment:\n      MYSQL_ROOT_PASSWORD_FILE: /run/secrets/mysql_root\n    healthcheck:");
        if dev {
            b.n("      test: [\"CMD\", \"mysqladmin\", \"ping\", \"-h\", \"localhost\", \"-uroot\", \"-proot\"]");
        } else {
            let pw = g.password(Charset::Safe);
            b.p(
                K::Password,
                "compose healthcheck mysqladmin -p",
                &pw,
                format!("      test: [\"CMD\", \"mysqladmin\", \"ping\", \"-h\", \"localhost\", \"-uroot\", \"-p{pw}\"]"),
            );
        }
    }
    b.n("\n  redis:\n    image: redis:7-alpine");
    if !dev && g.chance(45) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "redis --requirepass",
            &pw,
            format!("    command: redis-server --appendonly yes --requirepass {pw}"),
        );
    } else {
        b.n("    command: redis-server --appendonly yes");
    }
    b.n(format!("\n  worker:\n    build: .\n    command: celery -A {proj} worker --loglevel=debug\n    env_file: .env\n\nvolumes:\n  pgdata:"));
    b.finish()
}

pub fn k8s(g: &mut Gen, dir: &str, proj: &str, dev_overlay: bool) -> Vec<Doc> {
    let mut out = Vec::new();
    // ConfigMap.
    let mut b = FileBuilder::new(format!("{dir}/configmap.yaml"));
    b.n(format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {proj}-config\n  labels:\n    app.kubernetes.io/name: {proj}\ndata:\n  DJANGO_SETTINGS_MODULE: {proj}.settings.production\n  LOG_LEVEL: debug\n  ALLOWED_HOSTS: \"{proj}.example.com\""));
    if dev_overlay {
        b.n("  DEBUG: \"True\"");
    } else if g.chance(50) {
        let v = g.pick(&[
            "DEBUG: \"True\"",
            "DEBUG: \"true\"",
            "DEBUG: \"1\"",
            "DJANGO_DEBUG: \"1\"",
        ]);
        b.p(K::Debug, "k8s ConfigMap DEBUG", v, format!("  {v}"));
    } else {
        b.n("  DEBUG: \"False\"");
    }
    out.push(b.finish());
    if dev_overlay {
        return out;
    }
    // Deployment with env name/value pairs.
    let mut b = FileBuilder::new(format!("{dir}/deployment.yaml"));
    let digest = g.hex(64);
    b.n(format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {proj}-web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: {proj}\n  template:\n    metadata:\n      labels:\n        app: {proj}\n      annotations:\n        checksum/config: {}\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/acme/{proj}@sha256:{digest}\n          ports:\n            - containerPort: 8000\n          envFrom:\n            - configMapRef:\n                name: {proj}-config\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: {proj}-db\n                  key: password", g.hex(64)));
    if g.chance(50) {
        let v = g.pick(&["\"true\"", "\"1\"", "\"True\""]);
        b.p_at(
            K::Debug,
            "k8s env name/value DEBUG",
            v,
            1,
            2,
            format!("            - name: DEBUG\n              value: {v}"),
        );
    } else {
        b.n("            - name: DEBUG\n              value: \"false\"");
    }
    if g.chance(50) {
        let pw = g.password(Charset::Safe);
        b.p_at(
            K::Password,
            "k8s env name/value password",
            &pw,
            1,
            2,
            format!("            - name: REDIS_PASSWORD\n              value: \"{pw}\""),
        );
    }
    if g.chance(50) {
        let k = g.alnum(32);
        b.p_at(
            K::Generic,
            "k8s env name/value api key",
            &k,
            1,
            2,
            format!("            - name: PARTNER_API_KEY\n              value: {k}"),
        );
    }
    b.n(format!("            - name: POD_NAME\n              valueFrom:\n                fieldRef:\n                  fieldPath: metadata.name\n            - name: RELEASE_SHA\n              value: \"{}\"\n          resources:\n            limits:\n              memory: 512Mi", g.hex(40)));
    out.push(b.finish());
    // Secret.
    let mut b = FileBuilder::new(format!("{dir}/secret.yaml"));
    b.n(format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {proj}-db\ntype: Opaque\ndata:\n  username: {}", Gen::base64(proj.as_bytes())));
    if g.chance(60) {
        let pw = g.password(Charset::Rich);
        let enc = Gen::base64(pw.as_bytes());
        b.p(
            K::Password,
            "k8s Secret data password (base64)",
            &enc,
            format!("  password: {enc}"),
        );
    } else {
        b.n("  password: \"\"  # filled by sealed-secrets");
    }
    b.n("stringData:");
    if g.chance(50) {
        let pw = g.url_password();
        b.p(
            K::Url,
            "k8s Secret stringData DATABASE_URL",
            &pw,
            format!("  DATABASE_URL: postgres://{proj}:{pw}@{proj}-db:5432/{proj}"),
        );
    }
    let t = providers::any_token(g);
    b.p(
        K::Provider,
        "k8s Secret stringData token",
        &t.1,
        format!("  {}: \"{}\"", t.0.to_uppercase(), t.1),
    );
    out.push(b.finish());
    out
}

pub fn github_ci(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!("name: CI\n\non:\n  push:\n    branches: [main]\n  pull_request:\n\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      postgres:\n        image: postgres:16\n        env:\n          POSTGRES_USER: postgres\n          POSTGRES_PASSWORD: postgres\n          POSTGRES_DB: test_{proj}\n        ports: [\"5432:5432\"]\n        options: >-\n          --health-cmd pg_isready --health-interval 10s\n    env:\n      DJANGO_SETTINGS_MODULE: {proj}.settings.test\n      DATABASE_URL: postgres://postgres:postgres@localhost:5432/test_{proj}\n      SECRET_KEY: ci-only-not-secret\n      DEBUG: \"true\"\n      PYTHONDONTWRITEBYTECODE: 1\n    steps:\n      - uses: actions/checkout@{} # v4.1.1\n      - uses: actions/setup-python@{} # v5.0.0\n        with:\n          python-version: \"3.12\"\n          cache: pip\n      - run: pip install -r requirements-dev.txt\n      - run: pytest -q --cov={proj}\n      - uses: codecov/codecov-action@v4\n        with:\n          token: ${{{{ secrets.CODECOV_TOKEN }}}}", g.hex(40), g.hex(40)));
    b.n("\n  publish:\n    needs: test\n    runs-on: ubuntu-latest\n    if: startsWith(github.ref, 'refs/tags/')\n    steps:\n      - uses: actions/checkout@v4\n      - run: python -m build\n      - run: twine upload dist/*\n        env:\n          TWINE_USERNAME: __token__");
    if g.chance(40) {
        let t = providers::pypi(g);
        b.p(
            K::Provider,
            "CI hard-coded TWINE_PASSWORD",
            &t,
            format!("          TWINE_PASSWORD: {t}"),
        );
    } else {
        b.n("          TWINE_PASSWORD: ${{ secrets.PYPI_API_TOKEN }}");
    }
    if g.chance(40) {
        let hook = providers::slack_webhook(g);
        b.n("      - name: Notify\n        run: |");
        b.p(
            K::Provider,
            "CI slack webhook url",
            &hook,
            format!("          curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"released\"}}' {hook}"),
        );
    }
    b.finish()
}

pub fn precommit(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("repos:");
    for (repo, hooks) in [
        (
            "https://github.com/pre-commit/pre-commit-hooks",
            "trailing-whitespace",
        ),
        ("https://github.com/psf/black", "black"),
        ("https://github.com/astral-sh/ruff-pre-commit", "ruff"),
        ("https://github.com/pycqa/isort", "isort"),
    ] {
        let rev = if g.chance(50) {
            g.hex(40)
        } else {
            format!("v{}.{}.{}", g.below(25), g.below(12), g.below(9))
        };
        b.n(format!(
            "  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: {hooks}"
        ));
    }
    b.n("  - repo: local\n    hooks:\n      - id: keepmum\n        name: keepmum\n        entry: keepmum scan --staged\n        language: system\n        pass_filenames: false");
    b.finish()
}

pub fn ansible(g: &mut Gen, proj: &str) -> Vec<Doc> {
    let mut out = Vec::new();
    let mut b = FileBuilder::new("ansible/group_vars/all/vars.yml");
    b.n(format!("---\napp_name: {proj}\napp_user: {proj}\napp_debug: false\ndb_user: \"{proj}\"\ndb_password: \"{{{{ vault_db_password }}}}\"\nsecret_key: \"{{{{ vault_secret_key }}}}\"\nansible_ssh_private_key_file: ~/.ssh/deploy_ed25519\nnginx_worker_processes: auto\npostgres_version: 16"));
    if g.chance(50) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "ansible become password",
            &pw,
            format!("ansible_become_pass: {pw}"),
        );
    }
    if g.chance(50) {
        let pw = g.password(Charset::Rich);
        b.p(
            K::Password,
            "ansible mysql root password",
            &pw,
            format!("mysql_root_password: \"{pw}\""),
        );
    }
    b.n("deploy_keys:\n  - \"{{ lookup('file', 'files/deploy.pub') }}\"");
    out.push(b.finish());
    // An encrypted vault file: hex lines, not secrets.
    let mut b = FileBuilder::new("ansible/group_vars/production/vault.yml");
    b.n("$ANSIBLE_VAULT;1.1;AES256");
    for _ in 0..g.range(6, 14) {
        let l = g.hex(80);
        b.n(l);
    }
    out.push(b.finish());
    // An unencrypted vault: the classic mistake.
    if g.chance(50) {
        let mut b = FileBuilder::new("ansible/group_vars/staging/vault.yml");
        b.n("---");
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "ansible unencrypted vault password",
            &pw,
            format!("vault_db_password: {pw}"),
        );
        let k = g.django_key();
        b.p(
            K::SecretKey,
            "ansible unencrypted vault secret key",
            &k,
            format!("vault_secret_key: '{k}'"),
        );
        out.push(b.finish());
    }
    out
}

pub fn config_json(g: &mut Gen, path: &str, proj: &str, prod: bool) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!(
        "{{\n  \"name\": \"{proj}\",\n  \"env\": \"production\",\n  \"port\": 8080,"
    ));
    if prod && g.chance(45) {
        b.p(
            K::Debug,
            "JSON DEBUG true",
            "\"DEBUG\": true",
            "  \"DEBUG\": true,",
        );
    } else {
        b.n("  \"DEBUG\": false,");
    }
    b.n("  \"logging\": { \"level\": \"debug\", \"format\": \"json\" },\n  \"database\": {\n    \"host\": \"db.internal\",\n    \"port\": 5432,");
    b.n(format!("    \"user\": \"{proj}\","));
    match g.below(3) {
        0 => {
            let pw = g.password(Charset::Rich);
            b.p(
                K::Password,
                "JSON database password",
                &pw,
                format!("    \"password\": \"{pw}\","),
            );
        }
        1 => {
            b.n("    \"password\": \"\",");
        }
        _ => {
            b.n("    \"password\": null,");
        }
    }
    b.n("    \"passwordMinLength\": 12,\n    \"pool\": { \"min\": 2, \"max\": 10 }\n  },");
    if g.chance(60) {
        let k = g.alnum_in(24, 40);
        b.p(
            K::Generic,
            "JSON apiKey",
            &k,
            format!("  \"apiKey\": \"{k}\","),
        );
    }
    if g.chance(40) {
        let t = providers::prefixed_token(g);
        b.p(
            K::Provider,
            "JSON provider token under neutral key",
            &t.1,
            format!("  \"upstream\": \"{}\",", t.1),
        );
    }
    b.n(format!(
        "  \"theme\": {{ \"primary\": \"#{}\", \"accent\": \"#{}\" }},\n  \"build\": {{ \"commit\": \"{}\", \"id\": \"{}\" }},\n  \"featureFlags\": [\"newCheckoutFlowEnabledForReturningCustomers\"]\n}}",
        g.hex(6),
        g.hex(6),
        g.hex(40),
        g.uuid()
    ));
    b.finish()
}

pub fn package_json(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!("{{\n  \"name\": \"@acme/{proj}-web\",\n  \"version\": \"1.{}.{}\",\n  \"private\": true,\n  \"scripts\": {{\n    \"dev\": \"DEBUG=express:* nodemon src/server.js\",\n    \"build\": \"tsc -p . && vite build\",\n    \"test\": \"jest --coverage\",\n    \"lint\": \"eslint . --ext .ts,.tsx\"\n  }},\n  \"dependencies\": {{\n    \"debug\": \"^4.3.4\",\n    \"express\": \"^4.18.2\",\n    \"jsonwebtoken\": \"^9.0.2\",\n    \"passport-local\": \"^1.0.0\",\n    \"bcrypt\": \"^5.1.1\"\n  }},\n  \"devDependencies\": {{\n    \"typescript\": \"^5.4.0\",\n    \"jest\": \"^29.7.0\"\n  }},\n  \"engines\": {{ \"node\": \">=18\" }}\n}}", g.below(20), g.below(10)));
    b.finish()
}

pub fn package_lock(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!("{{\n  \"name\": \"@acme/{proj}-web\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {{"));
    for name in [
        "debug",
        "express",
        "jsonwebtoken",
        "ms",
        "bcrypt",
        "passport-local",
    ] {
        let integrity = Gen::base64(&g.bytes(64));
        b.n(format!("    \"node_modules/{name}\": {{\n      \"version\": \"{}.{}.{}\",\n      \"resolved\": \"https://registry.npmjs.org/{name}/-/{name}-1.0.0.tgz\",\n      \"integrity\": \"sha512-{integrity}\"\n    }},", g.below(9), g.below(20), g.below(9)));
    }
    b.n("    \"\": {}\n  }\n}");
    b.finish()
}

/// UI translations: the word "password" in many languages is a label, not a password.
pub fn locale_json(g: &mut Gen, lang: &str) -> Doc {
    let path = match g.below(3) {
        0 => format!("frontend/src/locales/{lang}.json"),
        1 => format!("static/i18n/{lang}/translation.json"),
        _ => format!("app/lang/{lang}.json"),
    };
    let mut b = FileBuilder::new(path);
    let (pw, forgot, confirm, hint) = match lang {
        "fr" => (
            "Mot de passe",
            "Mot de passe oublié ?",
            "Confirmez le mot de passe",
            "Au moins 12 caractères",
        ),
        "de" => (
            "Passwort",
            "Passwort vergessen?",
            "Passwort bestätigen",
            "Mindestens 12 Zeichen",
        ),
        "es" => (
            "Contraseña",
            "¿Olvidaste tu contraseña?",
            "Confirmar contraseña",
            "Al menos 12 caracteres",
        ),
        "nl" => (
            "Wachtwoord",
            "Wachtwoord vergeten?",
            "Bevestig wachtwoord",
            "Minstens 12 tekens",
        ),
        "pt" => (
            "Senha",
            "Esqueceu a senha?",
            "Confirme a senha",
            "Pelo menos 12 caracteres",
        ),
        "sv" => (
            "Lösenord",
            "Glömt lösenordet?",
            "Bekräfta lösenord",
            "Minst 12 tecken",
        ),
        "pl" => (
            "Hasło",
            "Nie pamiętasz hasła?",
            "Potwierdź hasło",
            "Co najmniej 12 znaków",
        ),
        "it" => (
            "Password",
            "Password dimenticata?",
            "Conferma password",
            "Almeno 12 caratteri",
        ),
        "fi" => (
            "Salasana",
            "Unohditko salasanan?",
            "Vahvista salasana",
            "Vähintään 12 merkkiä",
        ),
        "ru" => (
            "Пароль",
            "Забыли пароль?",
            "Подтвердите пароль",
            "Не менее 12 символов",
        ),
        _ => (
            "Password",
            "Forgot password?",
            "Confirm password",
            "At least 12 characters",
        ),
    };
    b.n(format!("{{\n  \"login\": {{\n    \"title\": \"Sign in\",\n    \"username\": \"Username\",\n    \"password\": \"{pw}\",\n    \"forgot_password\": \"{forgot}\",\n    \"submit\": \"OK\"\n  }},\n  \"signup\": {{\n    \"password\": \"{pw}\",\n    \"confirm_password\": \"{confirm}\",\n    \"password_hint\": \"{hint}\",\n    \"passwordPlaceholder\": \"••••••••\"\n  }},\n  \"settings\": {{\n    \"api_key\": \"API key\",\n    \"token\": \"Token\",\n    \"secret\": \"Secret\"\n  }}\n}}"));
    b.finish()
}

pub fn launch_json(_g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("{\n  \"version\": \"0.2.0\",\n  \"configurations\": [\n    {\n      \"name\": \"Django\",\n      \"type\": \"debugpy\",\n      \"request\": \"launch\",\n      \"program\": \"${workspaceFolder}/manage.py\",\n      \"args\": [\"runserver\"],\n      \"env\": { \"DEBUG\": \"1\", \"DJANGO_SETTINGS_MODULE\": \"app.settings.dev\" },\n      \"django\": true,\n      \"justMyCode\": false\n    }\n  ]\n}");
    b.finish()
}

/// A GCP service account key file: the private key sits on one line with `\n` escapes.
pub fn service_account(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    let pem = providers::pem_private_as(g, Some("PRIVATE KEY"));
    let escaped = Gen::json_escape(&(pem + "\n"));
    b.n(format!("{{\n  \"type\": \"service_account\",\n  \"project_id\": \"{proj}-prod-{}\",\n  \"private_key_id\": \"{}\",", g.digits(6), g.hex(40)));
    let begin = "-----BEGIN PRIVATE KEY-----";
    b.p(
        K::PrivateKey,
        "service account JSON private_key",
        begin,
        format!("  \"private_key\": \"{escaped}\","),
    );
    b.n(format!("  \"client_email\": \"deployer@{proj}-prod.iam.gserviceaccount.com\",\n  \"client_id\": \"{}\",\n  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n  \"token_uri\": \"https://oauth2.googleapis.com/token\",\n  \"auth_provider_x509_cert_url\": \"https://www.googleapis.com/oauth2/v1/certs\"\n}}", g.digits(21)));
    b.finish()
}

pub fn ini_files(g: &mut Gen, proj: &str) -> Vec<Doc> {
    let mut out = Vec::new();
    // alembic.ini
    let mut b = FileBuilder::new("alembic.ini");
    b.n("[alembic]\nscript_location = migrations\nprepend_sys_path = .");
    match g.below(3) {
        0 => {
            let pw = g.url_password();
            b.p(
                K::Url,
                "alembic sqlalchemy.url",
                &pw,
                format!("sqlalchemy.url = postgresql://{proj}:{pw}@db.internal/{proj}"),
            );
        }
        1 => {
            b.n("sqlalchemy.url = driver://user:pass@localhost/dbname");
        }
        _ => {
            b.n("# set from the environment in env.py\nsqlalchemy.url =");
        }
    }
    b.n("\n[loggers]\nkeys = root,sqlalchemy,alembic\n\n[logger_root]\nlevel = WARN\nhandlers = console\n\n[logger_sqlalchemy]\nlevel = DEBUG\nqualname = sqlalchemy.engine\n\n[handler_console]\nclass = StreamHandler\nargs = (sys.stderr,)\nlevel = NOTSET");
    out.push(b.finish());
    // .pypirc
    if g.chance(50) {
        let mut b = FileBuilder::new(".pypirc");
        b.n("[distutils]\nindex-servers =\n    pypi\n    internal\n\n[pypi]\nusername = __token__");
        let t = providers::pypi(g);
        b.p(K::Provider, ".pypirc token", &t, format!("password = {t}"));
        b.n("\n[internal]\nrepository = https://pypi.internal.example.org/\nusername = deploy");
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            ".pypirc password",
            &pw,
            format!("password = {pw}"),
        );
        out.push(b.finish());
    }
    // my.cnf
    let mut b = FileBuilder::new("deploy/mysql/my.cnf");
    b.n("[mysqld]\nbind-address = 0.0.0.0\nmax_connections = 300\ninnodb_buffer_pool_size = 2G\n\n[client]\nuser = backup");
    if g.chance(60) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "my.cnf client password",
            &pw,
            format!("password = {pw}"),
        );
    } else {
        b.n("# password is read from ~/.my.cnf on the host");
    }
    out.push(b.finish());
    // application.properties
    let mut b = FileBuilder::new(format!(
        "services/{proj}-api/src/main/resources/application-prod.properties"
    ));
    b.n(format!(
        "server.port=8080\nspring.application.name={proj}-api"
    ));
    if g.chance(30) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "JDBC url query password",
            &pw,
            format!("spring.datasource.url=jdbc:mysql://db.internal:3306/{proj}?user={proj}&password={pw}&useSSL=true"),
        );
    } else {
        b.n(format!("spring.datasource.url=jdbc:postgresql://db.internal:5432/{proj}?sslmode=require&ApplicationName={proj}"));
    }
    b.n(format!("spring.datasource.username={proj}"));
    if g.chance(60) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "spring datasource password",
            &pw,
            format!("spring.datasource.password={pw}"),
        );
    } else {
        b.n("spring.datasource.password=${DB_PASSWORD}");
    }
    b.n("spring.jpa.hibernate.ddl-auto=validate\nlogging.level.root=INFO\nlogging.level.org.hibernate.SQL=DEBUG\nmanagement.endpoints.web.exposure.include=health,info");
    if g.chance(50) {
        let k = g.s("b64", 44);
        b.p(
            K::Generic,
            "properties jwt secret",
            &k,
            format!("app.jwt.secret={k}"),
        );
    }
    out.push(b.finish());
    // gradle.properties
    let mut b = FileBuilder::new("gradle.properties");
    b.n("org.gradle.jvmargs=-Xmx2048m -Dfile.encoding=UTF-8\norg.gradle.parallel=true\nandroid.useAndroidX=true\nsigning.keyId=24875D73\nsigning.secretKeyRingFile=/home/ci/.gnupg/secring.gpg");
    if g.chance(50) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "gradle signing password",
            &pw,
            format!("signing.password={pw}"),
        );
        let pw2 = g.password(Charset::Safe);
        b.p(
            K::Password,
            "gradle ossrh password",
            &pw2,
            format!("ossrhPassword={pw2}"),
        );
    } else {
        b.n("# signing.password and ossrhPassword live in ~/.gradle/gradle.properties");
    }
    out.push(b.finish());
    // .npmrc
    let mut b = FileBuilder::new(".npmrc");
    b.n("registry=https://registry.npmjs.org/\n@acme:registry=https://npm.pkg.github.com\nsave-exact=true");
    if g.chance(50) {
        let t = providers::npm_token(g);
        b.p(
            K::Provider,
            ".npmrc authToken",
            &t,
            format!("//registry.npmjs.org/:_authToken={t}"),
        );
    } else {
        b.n("//registry.npmjs.org/:_authToken=${NPM_TOKEN}");
    }
    out.push(b.finish());
    // supervisord / odoo style INI.
    let mut b = FileBuilder::new("deploy/supervisord.conf");
    b.n(format!("[unix_http_server]\nfile=/tmp/supervisor.sock\n\n[inet_http_server]\nport=127.0.0.1:9001\nusername={proj}"));
    if g.chance(50) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "supervisord password",
            &pw,
            format!("password={pw}"),
        );
    }
    b.n(format!("\n[program:{proj}]\ncommand=/srv/{proj}/venv/bin/gunicorn {proj}.wsgi\nenvironment=DJANGO_SETTINGS_MODULE=\"{proj}.settings.production\",PYTHONUNBUFFERED=\"1\"\nautorestart=true\nloglevel=debug"));
    out.push(b.finish());
    // setup.cfg / tox.ini / logging.ini
    let mut b = FileBuilder::new("setup.cfg");
    b.n(format!("[metadata]\nname = {proj}\nversion = attr: {proj}.__version__\n\n[flake8]\nmax-line-length = 100\nexclude = .git,__pycache__,migrations\n\n[tool:pytest]\nDJANGO_SETTINGS_MODULE = {proj}.settings.test\naddopts = --reuse-db -p no:cacheprovider\nlog_level = DEBUG\n\n[coverage:run]\nbranch = True\nomit = */migrations/*"));
    out.push(b.finish());
    // pip.conf
    let mut b = FileBuilder::new("deploy/pip.conf");
    b.n("[global]\ntimeout = 60");
    if g.chance(50) {
        let t = g.alnum(32);
        b.p(
            K::Url,
            "pip.conf extra-index-url token",
            &t,
            format!("extra-index-url = https://deploy:{t}@pypi.internal.example.org/simple/"),
        );
    } else {
        b.n("extra-index-url = https://pypi.internal.example.org/simple/");
    }
    out.push(b.finish());
    // .netrc
    if g.chance(30) {
        let mut b = FileBuilder::new("deploy/.netrc");
        let pw = g.alnum(20);
        b.p(
            K::Password,
            ".netrc password",
            &pw,
            format!("machine git.internal.example.org login deploy password {pw}"),
        );
        out.push(b.finish());
    }
    out
}

pub fn requirements(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("# This file is autogenerated by pip-compile with Python 3.12");
    if g.chance(35) {
        let t = g.alnum_in(24, 40);
        b.p(
            K::Url,
            "requirements extra-index-url with token",
            &t,
            format!("--extra-index-url https://__token__:{t}@gitlab.example.com/api/v4/projects/42/packages/pypi/simple"),
        );
    } else {
        b.n("--extra-index-url https://pypi.internal.example.org/simple");
    }
    for (name, ver) in [
        ("django", "4.2.11"),
        ("psycopg2-binary", "2.9.9"),
        ("requests", "2.31.0"),
        ("celery", "5.3.6"),
    ] {
        b.n(format!(
            "{name}=={ver} \\\n    --hash=sha256:{} \\\n    --hash=sha256:{}",
            g.hex(64),
            g.hex(64)
        ));
    }
    b.finish()
}

pub fn terraform(g: &mut Gen, dir: &str, proj: &str) -> Vec<Doc> {
    let mut out = Vec::new();
    let mut b = FileBuilder::new(format!("{dir}/variables.tf"));
    b.n("variable \"region\" {\n  type    = string\n  default = \"eu-west-1\"\n}\n\nvariable \"db_password\" {\n  description = \"Master password for the RDS instance\"\n  type        = string\n  sensitive   = true\n}\n\nvariable \"api_token\" {\n  type      = string\n  sensitive = true\n  default   = \"\"\n}");
    out.push(b.finish());
    let mut b = FileBuilder::new(format!("{dir}/main.tf"));
    b.n("terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.0\"\n    }\n  }\n}\n");
    b.n("provider \"aws\" {\n  region = var.region");
    if g.chance(30) {
        let (id, secret) = providers::aws_pair(g);
        b.p(
            K::Provider,
            "terraform aws provider access_key",
            &id,
            format!("  access_key = \"{id}\""),
        );
        b.p(
            K::Provider,
            "terraform aws provider secret_key",
            &secret,
            format!("  secret_key = \"{secret}\""),
        );
    }
    b.n("}\n\nresource \"random_password\" \"db\" {\n  length  = 32\n  special = true\n}\n");
    b.n(format!("resource \"aws_db_instance\" \"main\" {{\n  identifier        = \"{proj}-prod\"\n  engine            = \"postgres\"\n  engine_version    = \"16.1\"\n  instance_class    = \"db.t3.medium\"\n  allocated_storage = 50\n  username          = \"{proj}\""));
    match g.below(4) {
        0 => {
            let pw = g.password(Charset::Rich);
            b.p(
                K::Password,
                "terraform resource password literal",
                &pw,
                format!("  password          = \"{pw}\""),
            );
        }
        1 => {
            b.n("  password          = var.db_password");
        }
        2 => {
            b.n("  password          = random_password.db.result");
        }
        _ => {
            b.n("  password          = data.aws_secretsmanager_secret_version.db.secret_string");
        }
    }
    b.n(format!("  kms_key_id        = \"arn:aws:kms:eu-west-1:{}:key/{}\"\n  skip_final_snapshot = false\n  tags = {{\n    Name        = \"{proj}-db\"\n    Environment = \"production\"\n  }}\n}}\n", g.digits(12), g.uuid()));
    b.n(format!("resource \"aws_instance\" \"bastion\" {{\n  ami           = \"ami-{}\"\n  instance_type = \"t3.micro\"\n  subnet_id     = \"subnet-{}\"\n  key_name      = \"ops\"\n  user_data     = filebase64(\"${{path.module}}/cloud-init.yaml\")\n}}", g.hex(17), g.hex(17)));
    out.push(b.finish());
    let mut b = FileBuilder::new(format!("{dir}/terraform.tfvars"));
    b.n(format!("region        = \"eu-west-1\"\nenvironment   = \"production\"\ninstance_type = \"t3.medium\"\nvpc_id        = \"vpc-{}\"\nzone_id       = \"Z{}\"", g.hex(17), g.s("upper", 13)));
    if g.chance(60) {
        let pw = g.password(Charset::Rich);
        b.p(
            K::Password,
            "tfvars db_password",
            &pw,
            format!("db_password   = \"{pw}\""),
        );
    }
    if g.chance(50) {
        let t = providers::any_token(g);
        b.p(
            K::Provider,
            "tfvars provider token",
            &t.1,
            format!("{} = \"{}\"", t.0, t.1),
        );
    }
    out.push(b.finish());
    out
}

/// An integrations file that holds one credential of every provider format.
pub fn integrations(g: &mut Gen, path: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("# Third-party integrations (production)\nintegrations:");
    for (id, var, token) in providers::all(g) {
        b.n(format!(
            "  {id}:\n    enabled: true\n    timeout_seconds: 10"
        ));
        b.p(
            K::Provider,
            "integrations.yaml provider token",
            &token,
            format!("    {var}: \"{token}\""),
        );
    }
    b.finish()
}

/// A committed Docker client config: `auths` hold base64 `user:password`.
pub fn docker_config(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("{\n  \"auths\": {");
    let pw = g.password(Charset::Safe);
    let auth = Gen::base64(format!("{proj}-ci:{pw}").as_bytes());
    b.n("    \"registry.gitlab.com\": {");
    b.p(
        K::Password,
        "docker config.json auths",
        &auth,
        format!("      \"auth\": \"{auth}\""),
    );
    b.n("    },\n    \"https://index.docker.io/v1/\": {}\n  },\n  \"credsStore\": \"desktop\",\n  \"currentContext\": \"default\"\n}");
    b.finish()
}

/// A PostgreSQL password file.
pub fn pgpass(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("# hostname:port:database:username:password");
    let pw = g.password(Charset::Safe);
    b.p(
        K::Password,
        ".pgpass entry",
        &pw,
        format!("db.internal:5432:{proj}:{proj}:{pw}"),
    );
    b.n("localhost:5432:*:postgres:postgres");
    b.finish()
}

/// Helm values and App Engine config.
pub fn helm_values(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!("image:\n  repository: ghcr.io/acme/{proj}\n  tag: \"sha-{}\"\n  pullPolicy: IfNotPresent\n\npostgresql:\n  enabled: true\n  auth:\n    username: {proj}\n    database: {proj}\n    existingSecret: {proj}-db\n    password: \"\"\n\nredis:\n  auth:\n    enabled: true", g.hex(7)));
    if g.chance(50) {
        let pw = g.password(Charset::Safe);
        b.p(
            K::Password,
            "helm values redis password",
            &pw,
            format!("    password: {pw}"),
        );
    } else {
        b.n("    existingSecret: redis-auth\n    existingSecretPasswordKey: redis-password");
    }
    b.n(format!("\ningress:\n  enabled: true\n  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n  hosts:\n    - host: {proj}.example.com\n\nenv:\n  LOG_LEVEL: debug\n  SENTRY_ENVIRONMENT: production"));
    b.finish()
}

pub fn app_engine(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!("runtime: python312\nentrypoint: gunicorn -b :$PORT {proj}.wsgi\n\nenv_variables:\n  DJANGO_SETTINGS_MODULE: \"{proj}.settings.production\""));
    if g.chance(50) {
        b.p(
            K::Debug,
            "app.yaml env_variables DEBUG",
            "DEBUG: \"True\"",
            "  DEBUG: \"True\"",
        );
    } else {
        b.n("  DEBUG: \"False\"");
    }
    if g.chance(50) {
        let k = g.django_key();
        b.p(
            K::SecretKey,
            "app.yaml SECRET_KEY",
            &k,
            format!("  SECRET_KEY: '{k}'"),
        );
    }
    b.n("\nhandlers:\n  - url: /static\n    static_dir: staticfiles/\n  - url: /.*\n    script: auto\n    secure: always");
    b.finish()
}

/// Data and ops files full of hashes and public keys: password hashes in seeds, htpasswd,
/// known_hosts.
pub fn hashes_and_public_keys(g: &mut Gen, root: &str, proj: &str) -> Vec<Doc> {
    let mut out = Vec::new();
    let mut b = FileBuilder::new(format!("{root}/data/seed_users.json"));
    b.n("[");
    for (i, who) in ["admin", "alice", "bob"].iter().enumerate() {
        let salt = g.alnum(22);
        let hash = Gen::base64(&g.bytes(32));
        let comma = if i < 2 { "," } else { "" };
        b.n(format!("  {{\"model\": \"auth.user\", \"pk\": {}, \"fields\": {{\"username\": \"{who}\", \"password\": \"pbkdf2_sha256$600000${salt}${hash}\", \"is_staff\": true}}}}{comma}", i + 1));
    }
    b.n("]");
    out.push(b.finish());
    let mut b = FileBuilder::new(format!("{root}/db/seed.sql"));
    b.n(format!("INSERT INTO users (email, password_hash, api_key_prefix) VALUES\n  ('admin@{proj}.io', '$2b$12${}', 'lg_{}');", g.s("b64", 53).replace('+', "."), g.hex(6)));
    out.push(b.finish());
    let mut b = FileBuilder::new(format!("{root}/deploy/nginx/.htpasswd"));
    b.n(format!(
        "admin:$apr1${}${}\nmetrics:{{SHA}}{}",
        g.alnum(8),
        g.s("b64", 22).replace('+', "."),
        Gen::base64(&g.bytes(20))
    ));
    out.push(b.finish());
    let mut b = FileBuilder::new(format!("{root}/deploy/known_hosts"));
    b.n(format!("github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{}\ngitlab.internal ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB{}=", g.s("b64", 43), g.s("b64", 86)));
    out.push(b.finish());
    out
}

/// An OpenAPI spec: security schemes and example tokens cut short.
pub fn openapi(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!("openapi: 3.0.3\ninfo:\n  title: {proj} API\n  version: 1.{}.0\ncomponents:\n  securitySchemes:\n    bearerAuth:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\n    api_key:\n      type: apiKey\n      in: header\n      name: X-API-Key\n  schemas:\n    Token:\n      type: object\n      properties:\n        access_token:\n          type: string\n          example: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...\n        token_type:\n          type: string\n          example: Bearer\n        password:\n          type: string\n          format: password\n          minLength: 12", g.below(9)));
    b.finish()
}

/// A GitLab CI file and a dev container: DEBUG and service passwords for test runs.
pub fn ci_and_devcontainer(g: &mut Gen, root: &str, proj: &str) -> Vec<Doc> {
    let mut out = Vec::new();
    let mut b = FileBuilder::new(format!("{root}/.gitlab-ci.yml"));
    b.n(format!("image: python:3.12\n\nvariables:\n  DEBUG: \"true\"\n  POSTGRES_DB: test_{proj}\n  POSTGRES_USER: postgres\n  POSTGRES_PASSWORD: postgres\n  DATABASE_URL: postgres://postgres:postgres@postgres:5432/test_{proj}\n\nservices:\n  - postgres:16\n\ntest:\n  script:\n    - pip install -r requirements-dev.txt\n    - pytest\n\ndeploy:\n  stage: deploy\n  script:\n    - curl -fsS -u \"$DEPLOY_USER:$DEPLOY_TOKEN\" https://deploy.internal/hooks/{proj}\n  only: [main]"));
    out.push(b.finish());
    let mut b = FileBuilder::new(format!("{root}/.devcontainer/devcontainer.json"));
    b.n(format!("{{\n  \"name\": \"{proj}\",\n  \"image\": \"mcr.microsoft.com/devcontainers/python:3.12\",\n  \"containerEnv\": {{ \"DEBUG\": \"1\", \"DJANGO_SETTINGS_MODULE\": \"{proj}.settings.dev\" }},\n  \"postCreateCommand\": \"pip install -r requirements-dev.txt\"\n}}"));
    out.push(b.finish());
    let _ = g;
    out
}

/// Streamlit's secrets file, committed by mistake.
pub fn streamlit_secrets(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n(format!("# .streamlit/secrets.toml\n[connections.snowflake]\naccount = \"xy{}.eu-west-1\"\nuser = \"analyst\"", g.digits(5)));
    let pw = g.password(Charset::Rich);
    b.p(
        K::Password,
        "streamlit secrets.toml password",
        &pw,
        format!("password = \"{pw}\""),
    );
    b.n(format!(
        "warehouse = \"ANALYTICS_WH\"\ndatabase = \"{}\"\n",
        proj.to_uppercase()
    ));
    let t = providers::openai(g);
    b.p(
        K::Provider,
        "streamlit secrets.toml openai key",
        &t,
        format!("openai_api_key = \"{t}\""),
    );
    b.finish()
}

/// Files made of hashes that are meant to be committed: Terraform's lock file, a Git LFS
/// pointer, a SealedSecret (ciphertext).
pub fn committed_hashes(g: &mut Gen, root: &str, proj: &str) -> Vec<Doc> {
    let mut out = Vec::new();
    let mut b = FileBuilder::new(format!("{root}/infra/terraform/.terraform.lock.hcl"));
    b.n("# This file is maintained automatically by \"terraform init\".\n\nprovider \"registry.terraform.io/hashicorp/aws\" {\n  version     = \"5.31.0\"\n  constraints = \"~> 5.0\"\n  hashes = [");
    let h1 = Gen::base64(&g.bytes(32));
    b.n(format!("    \"h1:{h1}\","));
    for _ in 0..6 {
        let z = g.hex(64);
        b.n(format!("    \"zh:{z}\","));
    }
    b.n("  ]\n}");
    out.push(b.finish());
    let mut b = FileBuilder::new(format!("{root}/data/model.onnx"));
    b.n(format!(
        "version https://git-lfs.github.com/spec/v1\noid sha256:{}\nsize {}",
        g.hex(64),
        g.digits(8)
    ));
    out.push(b.finish());
    let mut b = FileBuilder::new(format!("{root}/k8s/base/sealed-secret.yaml"));
    let (n1, n2) = (g.range(300, 500), g.range(300, 500));
    let enc1 = Gen::base64(&g.bytes(n1));
    let enc2 = Gen::base64(&g.bytes(n2));
    b.n(format!("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: {proj}-db\n  namespace: {proj}\nspec:\n  encryptedData:\n    password: {enc1}\n    DATABASE_URL: {enc2}\n  template:\n    type: Opaque"));
    out.push(b.finish());
    out
}
