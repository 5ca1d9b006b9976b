//! Shapes of real secrets (issue 16, issue 10 item 1): names and forms seen in public code,
//! checked through the library scanner (tables) and end to end through real repositories.
//! Every fixture value is assembled at run time (`common::fixture`), so this file holds no
//! credential-shaped literal.

mod common;

use common::{fixture, Repo};
use keepmum::allow::IgnoreFile;
use keepmum::config::Config;
use keepmum::engine::Engine;
use keepmum::finding::Finding;
use keepmum::scan::Added;

fn engine() -> Engine {
    Engine::new(Config::builtin().expect("config"), IgnoreFile::default()).expect("engine")
}

fn scan(e: &Engine, path: &str, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    e.scanner()
        .scan(path, text.as_bytes(), &Added::All, &mut out);
    out
}

/// Names under which a literal is a password: database images, mail, brokers, directories,
/// build and release tooling, infrastructure consoles, home servers. Includes the names the
/// old prefix exclusions swallowed (MINIO, USER, NODE, NOREPLY, ENTERPRISE, ISSUER, NEWRELIC,
/// HASURA, FORMIO, MAXMIND...) and qualified names (`PASSWORD_2`, `DB_PASSWORD_PROD`).
const PASSWORD_NAMES: &[&str] = &[
    "PASSWORD",
    "password",
    "Password",
    "DB_PASSWORD",
    "DB_PASS",
    "DB_PWD",
    "DATABASE_PASSWORD",
    "DATABASE_PASS",
    "dbPassword",
    "dbPass",
    "adminPassword",
    "rootPassword",
    "userPassword",
    "POSTGRES_PASSWORD",
    "PGPASSWORD",
    "MYSQL_ROOT_PASSWORD",
    "MYSQL_PASSWORD",
    "MARIADB_ROOT_PASSWORD",
    "MONGO_INITDB_ROOT_PASSWORD",
    "MONGODB_PASSWORD",
    "REDIS_PASSWORD",
    "REDIS_PASSWD",
    "RABBITMQ_DEFAULT_PASS",
    "RABBITMQ_PASSWORD",
    "ELASTIC_PASSWORD",
    "KIBANA_PASSWORD",
    "GRAFANA_ADMIN_PASSWORD",
    "GF_SECURITY_ADMIN_PASSWORD",
    "PGADMIN_DEFAULT_PASSWORD",
    "MSSQL_SA_PASSWORD",
    "SA_PASSWORD",
    "ORACLE_PASSWORD",
    "ORACLE_PWD",
    "NEO4J_PASSWORD",
    "CLICKHOUSE_PASSWORD",
    "INFLUXDB_ADMIN_PASSWORD",
    "DOCKER_INFLUXDB_INIT_PASSWORD",
    "KEYCLOAK_ADMIN_PASSWORD",
    "KC_DB_PASSWORD",
    "SONARQUBE_JDBC_PASSWORD",
    "NEXUS_PASSWORD",
    "ARTIFACTORY_PASSWORD",
    "JENKINS_ADMIN_PASSWORD",
    "GITLAB_ROOT_PASSWORD",
    "HARBOR_ADMIN_PASSWORD",
    "VAULT_PASSWORD",
    "ANSIBLE_BECOME_PASS",
    "ANSIBLE_SSH_PASS",
    "ansible_password",
    "ansible_become_password",
    "WORDPRESS_DB_PASSWORD",
    "DRUPAL_DB_PASSWORD",
    "NEXTCLOUD_ADMIN_PASSWORD",
    "ODOO_PASSWORD",
    "SMTP_PASSWORD",
    "EMAIL_HOST_PASSWORD",
    "MAIL_PASSWORD",
    "MAIL_PASS",
    "SMTP_PASS",
    "IMAP_PASSWORD",
    "IMAP_PASS",
    "POP3_PASSWORD",
    "LDAP_BIND_PASSWORD",
    "LDAP_ADMIN_PASSWORD",
    "AD_PASSWORD",
    "FTP_PASSWORD",
    "SFTP_PASSWORD",
    "SSH_PASSWORD",
    "MINIO_ROOT_PASSWORD",
    "MINIO_PASSWORD",
    "MinioRootPassword",
    "minio.root-password",
    "USER_PASSWORD",
    "USERS_DB_PASSWORD",
    "NODE_PASSWORD",
    "NODE_RED_PASSWORD",
    "NOREPLY_EMAIL_PASSWORD",
    "NOREPLY_PASSWORD",
    "NOTIFY_PASSWORD",
    "NOTIFICATION_PASSWORD",
    "ENTERPRISE_ADMIN_PASSWORD",
    "ENTERPRISE_DB_PASSWORD",
    "ISSUER_PASSWORD",
    "ISSUE_TRACKER_PASSWORD",
    "NEWRELIC_PASSWORD",
    "NEW_RELIC_PASSWORD",
    "NEWSLETTER_PASSWORD",
    "HASURA_PASSWORD",
    "HASURA_DB_PASSWORD",
    "HASHICORP_PASSWORD",
    "MINECRAFT_RCON_PASSWORD",
    "RCON_PASSWORD",
    "CHECKMK_PASSWORD",
    "FORMIO_PASSWORD",
    "FORMBRICKS_PASSWORD",
    "MAXMIND_PASSWORD",
    "MINT_PASSWORD",
    "ASKBOT_PASSWORD",
    "PROMPTLAYER_PASSWORD",
    "ALLOWANCE_DB_PASSWORD",
    "CURRENTS_PASSWORD",
    "SHOWROOM_PASSWORD",
    "VERIFYME_PASSWORD",
    "UPDATER_PASSWORD",
    "CHANGELOG_BOT_PASSWORD",
    "INPUTLOG_PASSWORD",
    "ENTERTAINMENT_DB_PASSWORD",
    "LABEL_STUDIO_PASSWORD",
    "USENET_PASSWORD",
    "NOVA_PASSWORD",
    "ISCSI_PASSWORD",
    "HASTE_PASSWORD",
    "PASSWORD_2",
    "PASSWORD2",
    "PASSWORD_PROD",
    "DB_PASSWORD_PROD",
    "DB_PASSWORD_PRODUCTION",
    "PASSWORD_STAGING",
    "SMTP_PASSWORD_1",
    "REDIS_PASS_PRODUCTION",
    "MYSQL_PASSWORD_RO",
    "POSTGRES_PASSWORD_REPLICA",
    "DB_PASSWORD_READONLY",
    "ADMIN_PASSWORD_DEV",
    "LDAP_PASSWORD_BACKUP",
    "PASSWORD_PLAIN",
    "DbPasswordProd",
    "KEYSTORE_PASSWORD",
    "TRUSTSTORE_PASSWORD",
    "KEY_PASSWORD",
    "storePassword",
    "keyPassword",
    "keyStorePassword",
    "trustStorePassword",
    "JKS_PASSWORD",
    "P12_PASSWORD",
    "PFX_PASSWORD",
    "CERT_PASSWORD",
    "proxy_password",
    "http_proxy_password",
    "PROXY_PASS",
    "registry_password",
    "DOCKER_PASSWORD",
    "DOCKERHUB_PASSWORD",
    "CI_REGISTRY_PASSWORD",
    "NPM_PASSWORD",
    "PYPI_PASSWORD",
    "TWINE_PASSWORD",
    "MAVEN_PASSWORD",
    "OSSRH_PASSWORD",
    "SONATYPE_PASSWORD",
    "APPLE_ID_PASSWORD",
    "APP_SPECIFIC_PASSWORD",
    "FASTLANE_PASSWORD",
    "MATCH_PASSWORD",
    "WIFI_PASSWORD",
    "wifi_pass",
    "AP_PASSWORD",
    "OTA_PASSWORD",
    "MQTT_PASSWORD",
    "mqtt_pass",
    "KAFKA_PASSWORD",
    "SASL_PASSWORD",
    "sasl_password",
    "ZOOKEEPER_PASSWORD",
    "CASSANDRA_PASSWORD",
    "COUCHDB_PASSWORD",
    "COUCHBASE_PASSWORD",
    "ARANGO_ROOT_PASSWORD",
    "SURREAL_PASS",
    "SPLUNK_PASSWORD",
    "SNOWFLAKE_PASSWORD",
    "REDSHIFT_PASSWORD",
    "DATABRICKS_PASSWORD",
    "VERTICA_PASSWORD",
    "TERADATA_PASSWORD",
    "HANA_PASSWORD",
    "DB2_PASSWORD",
    "SYBASE_PASSWORD",
    "ISC_PASSWORD",
    "EXASOL_PASSWORD",
    "VCENTER_PASSWORD",
    "VSPHERE_PASSWORD",
    "ESXI_PASSWORD",
    "PROXMOX_PASSWORD",
    "IPMI_PASSWORD",
    "IDRAC_PASSWORD",
    "ILO_PASSWORD",
    "BMC_PASSWORD",
    "OPENSTACK_PASSWORD",
    "OS_PASSWORD",
    "AZURE_PASSWORD",
    "SERVICE_PRINCIPAL_PASSWORD",
    "WINRM_PASSWORD",
    "ADMIN_PASS",
    "ROOT_PASS",
    "ROOT_PWD",
    "USER_PWD",
    "UserPwd",
    "AdminPwd",
    "db_passwd",
    "PASSWD",
    "passwd",
    "masterauth",
    "requirepass",
    "SMB_PASSWORD",
    "CIFS_PASSWORD",
    "SAMBA_PASSWORD",
    "WEBDAV_PASSWORD",
    "NEXTCLOUD_PASSWORD",
    "OWNCLOUD_PASSWORD",
    "SEAFILE_ADMIN_PASSWORD",
    "WEBPASSWORD",
    "TRANSMISSION_PASSWORD",
    "QBITTORRENT_PASSWORD",
    "PLEX_PASSWORD",
    "JELLYFIN_PASSWORD",
    "DELUGE_PASSWORD",
    "SABNZBD_PASSWORD",
    "HOMEASSISTANT_PASSWORD",
    "ZIGBEE2MQTT_MQTT_PASSWORD",
    "EXCHANGE_PASSWORD",
    "GMAIL_PASSWORD",
    "GMAIL_APP_PASSWORD",
    "SENDGRID_PASSWORD",
    "MAILGUN_SMTP_PASSWORD",
    "POSTMARK_SMTP_PASSWORD",
    "SES_SMTP_PASSWORD",
    "MANDRILL_PASSWORD",
    "JIRA_PASSWORD",
    "CONFLUENCE_PASSWORD",
    "BITBUCKET_PASSWORD",
    "GITHUB_PASSWORD",
    "GIT_PASSWORD",
    "SVN_PASSWORD",
    "P4PASSWD",
    "SALESFORCE_PASSWORD",
    "SF_PASSWORD",
    "SAP_PASSWORD",
    "ODBC_PASSWORD",
    "JDBC_PASSWORD",
    "EMAIL_PASSWORD",
    "email_pass",
    "BOT_PASSWORD",
    "API_PASSWORD",
    "SERVICE_PASSWORD",
    "SVC_PASSWORD",
    "APP_PASSWORD",
    "WEB_PASSWORD",
    "BASIC_AUTH_PASSWORD",
    "HTTP_PASSWORD",
    "HTTP_BASIC_PASSWORD",
    "AUTH_PASSWORD",
    "ADMIN_PASSWORD",
    "SUPERUSER_PASSWORD",
    "DJANGO_SUPERUSER_PASSWORD",
    "FLASK_ADMIN_PASSWORD",
    "AIRFLOW_PASSWORD",
    "_AIRFLOW_WWW_USER_PASSWORD",
    "SUPERSET_ADMIN_PASSWORD",
    "MB_DB_PASS",
    "REDASH_PASSWORD",
    "N8N_BASIC_AUTH_PASSWORD",
    "TRAEFIK_PASSWORD",
    "PORTAINER_PASSWORD",
    "RANCHER_PASSWORD",
    "ARGOCD_PASSWORD",
    "GITEA_PASSWORD",
    "DRONE_PASSWORD",
    "TEAMCITY_PASSWORD",
    "BAMBOO_PASSWORD",
    "OCTOPUS_PASSWORD",
    "CHEF_PASSWORD",
    "PUPPET_PASSWORD",
    "CONSUL_PASSWORD",
    "ETCD_ROOT_PASSWORD",
    "PATRONI_SUPERUSER_PASSWORD",
    "PATRONI_REPLICATION_PASSWORD",
    "REPLICATION_PASSWORD",
    "REPMGR_PASSWORD",
    "PGPOOL_ADMIN_PASSWORD",
    "PGBOUNCER_PASSWORD",
    "MYSQL_REPLICATION_PASSWORD",
    "PROXYSQL_ADMIN_PASSWORD",
    "TIDB_PASSWORD",
    "COCKROACH_PASSWORD",
    "YUGABYTE_PASSWORD",
    "SCYLLA_PASSWORD",
    "ORIENTDB_ROOT_PASSWORD",
    "MEMCACHED_PASSWORD",
    "SOLR_PASSWORD",
    "OPENSEARCH_PASSWORD",
    "OPENSEARCH_INITIAL_ADMIN_PASSWORD",
    "LOGSTASH_PASSWORD",
    "ZABBIX_PASSWORD",
    "NAGIOS_PASSWORD",
    "ICINGA_PASSWORD",
    "PROMETHEUS_PASSWORD",
    "ALERTMANAGER_PASSWORD",
    "SENTRY_PASSWORD",
    "db.password",
    "spring.datasource.password",
    "datasource-password",
];

/// Names that are about passwords without holding one: settings, form fields, hashes, files
/// that hold the password elsewhere, and words that merely contain `pass`.
const NOT_PASSWORD_NAMES: &[&str] = &[
    "PASSWORD_HASHERS",
    "AUTH_PASSWORD_VALIDATORS",
    "password_reset_timeout",
    "PASSWORD_RESET_TIMEOUT",
    "PASSWORD_RESET_TIMEOUT_DAYS",
    "MIN_PASSWORD_LENGTH",
    "PASSWORD_MIN_LENGTH",
    "MAX_PASSWORD_LENGTH",
    "PASSWORD_MAX_LENGTH",
    "password_confirmation",
    "passwordConfirmation",
    "password_confirm",
    "confirm_password",
    "confirmPassword",
    "new_password",
    "newPassword",
    "new_password1",
    "new_password2",
    "NEW_PASSWORD",
    "old_password",
    "oldPassword",
    "current_password",
    "currentPassword",
    "repeat_password",
    "retype_password",
    "show_password",
    "showPassword",
    "hide_password",
    "password_hash",
    "passwordHash",
    "hashed_password",
    "PASSWORD_HASH",
    "password_digest",
    "encrypted_password",
    "PASSWORD_FIELD",
    "password_field",
    "password_label",
    "passwordLabel",
    "password_placeholder",
    "password_hint",
    "password_help_text",
    "PASSWORD_REGEX",
    "PASSWORD_PATTERN",
    "PASSWORD_POLICY",
    "password_strength",
    "is_password_valid",
    "isPasswordValid",
    "has_password",
    "hasPassword",
    "PASSWORD_CHANGED_AT",
    "password_changed_at",
    "password_updated_at",
    "forgotPassword",
    "forgot_password",
    "reset_password",
    "resetPassword",
    "PASSWORD_EXPIRY_DAYS",
    "PASSWORD_EXPIRATION",
    "password_expires_at",
    "USE_PASSWORD",
    "use_password",
    "NO_PASSWORD",
    "require_password",
    "REQUIRE_PASSWORD",
    "password_required",
    "PASSWORD_REQUIRED",
    "MYSQL_ALLOW_EMPTY_PASSWORD",
    "ALLOW_EMPTY_PASSWORD",
    "PASSWORD_FILE",
    "POSTGRES_PASSWORD_FILE",
    "MYSQL_ROOT_PASSWORD_FILE",
    "DB_PASSWORD_FILE",
    "password_file",
    "PASSWORD_CMD",
    "password_command",
    "PASSWORD_ENV",
    "PASSWORD_ENV_VAR",
    "password_env_name",
    "PASSWORD_KEY",
    "PASSWORD_SECRET_NAME",
    "password_secret_ref",
    "passwordSecretRef",
    "PASSWORD_LENGTH",
    "password_length",
    "PASSWORD_CHARS",
    "PASSWORD_ALPHABET",
    "password_salt",
    "password_widget",
    "PasswordInput",
    "password_input",
    "passwordInput",
    "input_password",
    "password_error",
    "password_message",
    "PASSWORD_MISMATCH",
    "password_mismatch",
    "password_errors",
    "PASSWORD_URL",
    "password_reset_url",
    "PASSWORD_RESET_URL",
    "password_change_url",
    "passwordless",
    "PASSWORDLESS_ENABLED",
    "password_auth_enabled",
    "PASSWORD_AUTHENTICATION",
    "PasswordAuthentication",
    "password_protected",
    "pass_through",
    "passthrough",
    "bypass",
    "compass",
    "passenger",
    "passport",
    "Passport",
    "passive",
    "PASSIVE_MODE",
    "OLDPWD",
    "password_prompt",
    "prompt_password",
    "ask_password",
    "enter_password",
    "check_password",
    "verify_password",
    "validate_password",
    "invalid_password",
    "wrong_password",
    "change_password",
    "update_password",
    "min_password",
    "max_password",
    "password_history",
    "password_reuse",
    "password_age",
    "password_min_age",
    "password_type",
    "password_mode",
    "password_format",
    "password_algorithm",
    "password_encoder",
    "PASSWORD_ENCODER",
    "password_hasher",
    "PASSWORD_HASHER",
    "GRAYLOG_ROOT_PASSWORD_SHA2",
    "password_sha256",
    "passwordResetToken",
    "password_reset_token",
    "password_visible",
    "PASSWORD_ENABLED",
    "confirmNewPassword",
    "confirm_new_password",
    "showCurrentPassword",
    "isPasswordExpired",
];

fn rule_hits(e: &Engine, path: &str, text: &str, rule: &str) -> bool {
    scan(e, path, text).iter().any(|f| f.rule_id == rule)
}

/// Issue 10 item 1: exclusions match whole name segments only, qualified names are read, and
/// names about passwords stay quiet; in `.env`, code and YAML alike.
#[test]
fn password_key_names_both_ways() {
    let e = engine();
    assert!(PASSWORD_NAMES.len() + NOT_PASSWORD_NAMES.len() >= 300);
    let mut wrong = Vec::new();
    for (i, name) in PASSWORD_NAMES.iter().chain(NOT_PASSWORD_NAMES).enumerate() {
        let want = i < PASSWORD_NAMES.len();
        let v = fixture("Qz7<<alnum:13>>", name);
        let cases = [
            (".env".to_string(), format!("{name}={v}\n")),
            ("app/settings.py".to_string(), format!("{name} = \"{v}\"\n")),
            ("deploy/values.yaml".to_string(), format!("{name}: {v}\n")),
        ];
        for (path, text) in cases {
            if rule_hits(&e, &path, &text, "password-assignment") != want {
                wrong.push(format!(
                    "{} {name} in {path}",
                    if want { "missed" } else { "reported" }
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Issue 10 item 1 through a real repository: a MinIO password staged beside a DB password
/// with the same value is reported too (the old `min` prefix exclusion swallowed MINIO).
#[test]
fn staged_minio_and_qualified_passwords_are_reported() {
    let r = Repo::new();
    r.stage("README.md", "# app\n");
    r.commit("init");
    let v = fixture("Rk4<<alnum:14>>", "minio");
    let env = format!(
        "DB_PASSWORD={v}\nMINIO_ROOT_PASSWORD={v}\nNOREPLY_EMAIL_PASSWORD={v}\nDB_PASSWORD_PROD={v}\nUSER_PASSWORD={v}\n"
    );
    r.stage(".env.production", env);
    let (code, out, err) = r.keepmum(&["scan", "--staged", "--format", "json"]);
    assert_eq!(code, 1, "{out}\n{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let lines: Vec<u64> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"] == "password-assignment")
        .filter_map(|f| f["line"].as_u64())
        .collect();
    assert_eq!(lines, vec![1, 2, 3, 4, 5], "{out}");
}

/// Issue 16 task 1: curl credentials (`-u`/`--user`, an empty user name, a command continued
/// over lines, `Authorization: Basic`/`Bearer` headers) in shell scripts, Dockerfiles,
/// Makefiles and README code blocks, and .NET `NetworkCredential` literals; quiet on
/// references and placeholders.
#[test]
fn curl_credentials_and_network_credential_both_ways() {
    let e = engine();
    let pw = fixture("Qz7<<alnum:13>>", "curl-pw");
    let basic = fixture("<<basic-auth:deploy>>", "curl-basic");
    let bearer = fixture("T9<<alnum:38>>", "curl-bearer");
    let commands = [
        (format!("curl -u \":{pw}\" https://ci.internal/api"), "cli-password"),
        (format!("curl -u :{pw} https://ci.internal/api"), "cli-password"),
        (format!("curl -u deploy:{pw} https://ci.internal/api"), "cli-password"),
        (format!("curl -sS --user 'deploy:{pw}' https://ci.internal/api"), "cli-password"),
        (format!("curl --user=\"deploy:{pw}\" https://ci.internal/api"), "cli-password"),
        (format!("curl -fsSL \\\n    -u deploy:{pw} \\\n    https://ci.internal/api"), "cli-password"),
        (format!("curl -H 'Authorization: Basic {basic}' https://ci.internal/api"), "basic-auth-header"),
        (format!("curl -H \"Authorization: Bearer {bearer}\" https://ci.internal/api"), "authorization-header"),
        (format!("curl -X POST https://ci.internal/api \\\n  --header 'authorization: bearer {bearer}'"), "authorization-header"),
    ];
    let quiet = [
        "curl -u \":$TOKEN\" https://ci.internal/api",
        "curl -u \"user:${PASS}\" https://ci.internal/api",
        "curl -u user:password https://ci.internal/api",
        "curl -u 'user:<password>' https://ci.internal/api",
        "curl -u ':<password>' https://ci.internal/api",
        "curl -u deploy:xxxxxxxx https://ci.internal/api",
        "curl -H \"Authorization: Bearer $TOKEN\" https://ci.internal/api",
        "curl -H \"Authorization: Basic ${CREDS}\" https://ci.internal/api",
        "curl -H 'Authorization: Bearer <token>' https://ci.internal/api",
        "curl -H 'Authorization: Bearer xxxxxxxxxxxxxxxxxxxxxxxxxxxx' https://ci.internal/api",
    ];
    // A command as each kind of file holds it.
    let wrap = |path: &str, cmd: &str| -> String {
        match path {
            "Dockerfile" => format!("FROM alpine:3.20\nRUN {cmd}\n"),
            "Makefile" => format!("deploy:\n\t{cmd}\n"),
            "README.md" => format!("# Deploying\n\n```sh\n{cmd}\n```\n"),
            _ => format!("#!/bin/sh\nset -eu\n{cmd}\n"),
        }
    };
    let mut wrong = Vec::new();
    for path in ["scripts/deploy.sh", "Dockerfile", "Makefile", "README.md"] {
        for (cmd, rule) in &commands {
            if !rule_hits(&e, path, &wrap(path, cmd), rule) {
                wrong.push(format!("missed in {path}: {cmd}"));
            }
        }
        for cmd in quiet {
            let found = scan(&e, path, &wrap(path, cmd));
            if !found.is_empty() {
                wrong.push(format!("reported in {path}: {cmd} ({})", found[0].rule_id));
            }
        }
    }
    let cs = [
        format!("smtp.Credentials = new NetworkCredential(\"reports@acme.io\", \"{pw}\");"),
        format!("var cred = new NetworkCredential(user, \"{pw}\", domain);"),
        format!("var cred = new System.Net.NetworkCredential(userName, @\"{pw}\", \"CORP\");"),
    ];
    for text in &cs {
        if !rule_hits(&e, "src/Mailer.cs", text, "basic-auth-literal") {
            wrong.push(format!("missed: {text}"));
        }
    }
    if !rule_hits(
        &e,
        "Module1.vb",
        &format!("Dim cred As New NetworkCredential(\"svc\", \"{pw}\")"),
        "basic-auth-literal",
    ) {
        wrong.push("missed: VB NetworkCredential".into());
    }
    for text in [
        "var cred = new NetworkCredential(user, password);",
        "var cred = new NetworkCredential(\"user\", \"password\");",
        "var cred = new NetworkCredential(user, \"<password>\", domain);",
        "var cred = new NetworkCredential(cfg.User, Environment.GetEnvironmentVariable(\"SMTP_PASSWORD\"));",
    ] {
        let found = scan(&e, "src/Mailer.cs", text);
        if !found.is_empty() {
            wrong.push(format!("reported: {text} ({})", found[0].rule_id));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Issue 16: a password written down in a code comment (`# user: reporting / password: X`)
/// is reported when the value looks like a password (random letters and digits, a passphrase
/// of joined words ending in digits), in Python, JS, YAML and shell comments; prose after the
/// same words, references and placeholders stay quiet, and so do docs telling the reader what
/// to type.
#[test]
fn passwords_written_in_comments_both_ways() {
    let e = engine();
    let values = [
        fixture("Kq7<<alnum:11>>", "comment-alnum"),
        fixture("<<lalnum:18>>", "comment-lalnum"),
        fixture(
            "<<lower:6>>-<<lower:7>>-<<lower:6>>-<<lower:6>>-<<digit:2>>",
            "comment-dice",
        ),
        fixture(
            "<<lower:5>>_<<lower:6>>_<<lower:7>>_<<digit:4>>",
            "comment-dice2",
        ),
        fixture(
            "<<lower:5>>.<<lower:6>>.<<lower:5>>.<<digit:2>>",
            "comment-dice3",
        ),
    ];
    let quiet = [
        "password: must be at least 8 characters long",
        "password: see vault",
        "grep for password= before commit",
        "password: <your password>",
        "password: ${REPORTS_PASSWORD}",
        "password: {{ vault_reports_password }}",
        "password: settings.REPORTS_PASSWORD",
        "password: os.environ[\"REPORTS_PASSWORD\"]",
        "password: read from the environment (REPORTS_PASSWORD)",
        "password: stored in 1Password under reports-2024",
        "password: PASSWORD_FROM_VAULT",
        "password: changeme",
        "password: xxxxxxxxxx",
    ];
    let files = [
        ("reports/client.py", "# "),
        ("web/src/client.js", "// "),
        ("deploy/values.yaml", "# "),
        ("scripts/backup.sh", "# "),
    ];
    let mut wrong = Vec::new();
    for (path, mark) in files {
        for v in &values {
            let text = format!(
                "{mark}staging reports user: reporting / password: {v}  (rotate after the migration)\n"
            );
            if !rule_hits(&e, path, &text, "password-assignment") {
                wrong.push(format!("missed in {path}: {text}"));
            }
        }
        // In a config file a commented-out `password: value` is a setting, its value a
        // literal; in code a comment is prose unless the value looks like a password.
        let code = path.ends_with(".py") || path.ends_with(".js");
        let code_quiet: &[&str] = if code {
            &[
                "password: see-the-wiki-page-2",
                "password: enter_your_password_here",
            ]
        } else {
            &[]
        };
        for q in quiet.iter().chain(code_quiet) {
            let text = format!("{mark}{q}\n");
            let found = scan(&e, path, &text);
            if !found.is_empty() {
                wrong.push(format!("reported in {path}: {text} ({})", found[0].rule_id));
            }
        }
    }
    // Docs telling the reader what to type are docs, not a leak in the code.
    for v in &values[2..] {
        let text =
            format!("## Logging in\n\nWhen asked for the password, type: {v}\n\npassword: {v}\n");
        let found = scan(&e, "docs/setup.md", &text);
        if !found.is_empty() {
            wrong.push(format!(
                "reported in docs/setup.md: {text} ({})",
                found[0].rule_id
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
