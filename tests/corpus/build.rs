//! Assembles the corpus: a set of project trees (Django, Flask, Node, infrastructure), each a
//! random but seeded mix of the file generators.

use super::config::{self, EnvRole};
use super::gen::{Doc, Gen, PROJECTS};
use super::notebook;
use super::python::{self, Role};
use super::web;

/// Generates the corpus for `seed`: `projects` project trees.
pub fn corpus(seed: u64, projects: usize) -> Vec<Doc> {
    let mut g = Gen::new(seed);
    let mut docs = Vec::new();
    for i in 0..projects {
        let name = PROJECTS[i % PROJECTS.len()];
        let root = format!("{name}-{i}");
        match i % 4 {
            0 | 1 => django_project(&mut g, &root, name, &mut docs),
            2 => flask_project(&mut g, &root, name, &mut docs),
            _ => node_and_infra_project(&mut g, &root, name, &mut docs),
        }
    }
    docs.extend(super::shapes::corpus(seed, projects / 2));
    docs
}

fn at(root: &str, rel: &str) -> String {
    format!("{root}/{rel}")
}

fn django_project(g: &mut Gen, root: &str, p: &str, docs: &mut Vec<Doc>) {
    if g.chance(50) {
        docs.push(python::django_settings(
            g,
            &at(root, &format!("{p}/settings.py")),
            p,
            Role::Prod,
        ));
        if g.chance(50) {
            docs.push(python::django_settings(
                g,
                &at(root, &format!("{p}/local_settings.py")),
                p,
                Role::Dev,
            ));
        }
    } else {
        let prod = g.pick(&["production.py", "prod.py", "staging.py", "base.py"]);
        docs.push(python::django_settings(
            g,
            &at(root, &format!("{p}/settings/{prod}")),
            p,
            Role::Prod,
        ));
        let dev = g.pick(&["dev.py", "local.py", "development.py"]);
        docs.push(python::django_settings(
            g,
            &at(root, &format!("{p}/settings/{dev}")),
            p,
            Role::Dev,
        ));
        let test = g.pick(&["test.py", "tests.py"]);
        docs.push(python::django_settings(
            g,
            &at(root, &format!("{p}/settings/{test}")),
            p,
            Role::Test,
        ));
    }
    docs.push(python::django_views(
        g,
        &at(root, &format!("{p}/accounts/views.py")),
        p,
    ));
    docs.push(python::django_forms(
        g,
        &at(root, &format!("{p}/accounts/forms.py")),
    ));
    docs.push(python::test_module(
        g,
        &at(root, &format!("{p}/accounts/tests/test_views.py")),
    ));
    docs.push(python::api_client(
        g,
        &at(root, &format!("{p}/integrations/client.py")),
        p,
    ));
    if g.chance(60) {
        docs.push(python::script(g, &at(root, "scripts/backfill.py"), p));
    }
    common_ops(g, root, p, docs);
    if g.chance(70) {
        let name = g.pick(&["churn", "Exploration", "eda-2024-q1"]);
        docs.push(notebook::notebook(
            g,
            &at(root, &format!("notebooks/{name}.ipynb")),
            p,
        ));
    }
    if g.chance(30) {
        docs.push(config::streamlit_secrets(
            g,
            &at(root, ".streamlit/secrets.toml"),
            p,
        ));
    }
    docs.push(web::html_template(
        g,
        &at(root, "templates/registration/login.html"),
    ));
    if g.chance(40) {
        docs.push(web::css(g, &at(root, "static/css/site.css")));
    }
}

fn flask_project(g: &mut Gen, root: &str, p: &str, docs: &mut Vec<Doc>) {
    let app_path = g
        .pick(&["app.py", "wsgi.py", &format!("{p}/__init__.py")])
        .to_string();
    docs.push(python::flask_app(g, &at(root, &app_path), p, true));
    if g.chance(40) {
        docs.push(python::flask_conftest(g, &at(root, "tests/conftest.py"), p));
    }
    docs.push(python::flask_config(g, &at(root, "config.py"), p));
    docs.push(python::api_client(
        g,
        &at(root, &format!("{p}/services/partner.py")),
        p,
    ));
    if g.chance(50) {
        docs.push(python::script(g, &at(root, "bin/export.py"), p));
    }
    common_ops(g, root, p, docs);
    if g.chance(50) {
        docs.push(notebook::notebook(g, &at(root, "analysis/report.ipynb"), p));
    }
}

fn node_and_infra_project(g: &mut Gen, root: &str, p: &str, docs: &mut Vec<Doc>) {
    docs.push(config::package_json(g, &at(root, "web/package.json"), p));
    docs.push(config::package_lock(
        g,
        &at(root, "web/package-lock.json"),
        p,
    ));
    docs.push(web::node_config(g, &at(root, "web/src/config.ts"), p));
    docs.push(web::ts_service(
        g,
        &at(root, "web/src/services/payments.tsx"),
    ));
    for mut d in super::providers_dev::dev_files(g, p) {
        d.path = at(root, &d.path);
        docs.push(d);
    }
    for lang in [
        "fr", "de", "es", "nl", "pt", "sv", "pl", "it", "fi", "ru", "en",
    ] {
        if g.chance(40) {
            let mut d = config::locale_json(g, lang);
            d.path = at(root, &d.path);
            docs.push(d);
        }
    }
    docs.push(config::config_json(
        g,
        &at(root, "config/production.json"),
        p,
        true,
    ));
    docs.push(config::config_json(
        g,
        &at(root, "config/development.json"),
        p,
        false,
    ));
    docs.push(config::launch_json(g, &at(root, ".vscode/launch.json")));
    if g.chance(50) {
        docs.push(config::integrations(
            g,
            &at(root, "config/integrations.yaml"),
        ));
    }
    if g.chance(50) {
        docs.push(config::service_account(
            g,
            &at(root, &format!("deploy/{p}-sa.json")),
            p,
        ));
    }
    for mut d in config::terraform(g, "infra/terraform", p) {
        d.path = at(root, &d.path);
        docs.push(d);
    }
    for mut d in config::ansible(g, p) {
        d.path = at(root, &d.path);
        docs.push(d);
    }
    for mut d in config::ini_files(g, p) {
        d.path = at(root, &d.path);
        docs.push(d);
    }
    for mut d in web::key_files(g, p) {
        d.path = at(root, &d.path);
        docs.push(d);
    }
    if g.chance(40) {
        docs.push(config::docker_config(
            g,
            &at(root, "deploy/docker/config.json"),
            p,
        ));
    }
    if g.chance(40) {
        docs.push(config::pgpass(g, &at(root, "deploy/.pgpass"), p));
    }
    docs.push(config::helm_values(
        g,
        &at(root, "charts/app/values.yaml"),
        p,
    ));
    docs.push(config::openapi(g, &at(root, "docs/openapi.yaml"), p));
    docs.extend(config::hashes_and_public_keys(g, root, p));
    docs.extend(config::committed_hashes(g, root, p));
    docs.push(web::rendered_html(g, &at(root, "web/public/offline.html")));
    docs.push(web::css(g, &at(root, "web/src/styles/theme.css")));
}

/// Env files, Docker, CI, Kubernetes, shell and docs shared by Python projects.
fn common_ops(g: &mut Gen, root: &str, p: &str, docs: &mut Vec<Doc>) {
    let prod_env = g.pick(&[
        ".env",
        ".env",
        ".env.production",
        ".env.staging",
        "deploy/.env.prod",
    ]);
    docs.push(config::dotenv(g, &at(root, prod_env), p, EnvRole::Prod));
    let example = g.pick(&[".env.example", ".env.sample", ".env.template"]);
    docs.push(config::dotenv(g, &at(root, example), p, EnvRole::Example));
    if g.chance(50) {
        let dev = g.pick(&[".env.development", ".env.local", ".env.dev"]);
        docs.push(config::dotenv(g, &at(root, dev), p, EnvRole::Dev));
    }
    docs.push(config::requirements(g, &at(root, "requirements.txt")));
    docs.push(config::dockerfile(g, &at(root, "Dockerfile"), p));
    docs.push(config::compose(
        g,
        &at(root, "docker-compose.yml"),
        p,
        false,
    ));
    if g.chance(50) {
        let dev = g.pick(&["docker-compose.override.yml", "docker-compose.dev.yml"]);
        docs.push(config::compose(g, &at(root, dev), p, true));
    }
    if g.chance(60) {
        for mut d in config::k8s(g, "k8s/base", p, false) {
            d.path = at(root, &d.path);
            docs.push(d);
        }
    }
    if g.chance(25) {
        for mut d in config::k8s(g, "k8s/overlays/dev", p, true) {
            d.path = at(root, &d.path);
            docs.push(d);
        }
    }
    docs.push(config::github_ci(
        g,
        &at(root, ".github/workflows/ci.yml"),
        p,
    ));
    docs.push(config::precommit(g, &at(root, ".pre-commit-config.yaml")));
    docs.push(web::shell_deploy(g, &at(root, "scripts/deploy.sh"), p));
    docs.push(web::shell_test_script(g, &at(root, "scripts/test.sh")));
    docs.push(web::readme(g, &at(root, "README.md"), p));
    if g.chance(30) {
        docs.push(config::app_engine(g, &at(root, "app.yaml"), p));
    }
    if g.chance(40) {
        docs.extend(config::ci_and_devcontainer(g, root, p));
    }
    if g.chance(40) {
        for mut d in config::ini_files(g, p) {
            d.path = at(root, &d.path);
            docs.push(d);
        }
    }
}
