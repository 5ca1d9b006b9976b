//! Jupyter notebooks: nbformat 4 JSON whose code lines are JSON-escaped strings, with outputs
//! that embed base64 PNGs and printed hashes.

use keepmum::rules::Kind as K;

use super::gen::{Charset, Doc, FileBuilder, Gen};
use super::providers;

/// A source line of a cell, optionally a positive.
struct Src {
    code: String,
    label: Option<(K, &'static str, String)>,
}

fn neg(code: impl Into<String>) -> Src {
    Src {
        code: code.into(),
        label: None,
    }
}

fn pos(kind: K, case: &'static str, secret: &str, code: impl Into<String>) -> Src {
    Src {
        code: code.into(),
        label: Some((kind, case, secret.to_string())),
    }
}

enum Output {
    None,
    Text(Vec<String>),
    Png,
}

fn cell_id(g: &mut Gen) -> String {
    if g.chance(50) {
        g.hex(8)
    } else {
        g.uuid()
    }
}

fn emit_source(b: &mut FileBuilder, src: &[Src]) {
    b.n("   \"source\": [");
    for (i, s) in src.iter().enumerate() {
        let nl = if i + 1 < src.len() { "\\n" } else { "" };
        let comma = if i + 1 < src.len() { "," } else { "" };
        let line = format!("    \"{}{nl}\"{comma}", Gen::json_escape(&s.code));
        match &s.label {
            Some((k, case, secret)) => {
                let esc = Gen::json_escape(secret);
                if line.contains(&esc) {
                    b.p(*k, case, &esc, line);
                } else {
                    b.p_at(*k, case, secret, 1, 1, line);
                }
            }
            None => {
                b.n(line);
            }
        }
    }
    b.n("   ]");
}

fn code_cell(g: &mut Gen, b: &mut FileBuilder, n: usize, src: &[Src], out: Output, last: bool) {
    b.n(format!("  {{\n   \"cell_type\": \"code\",\n   \"execution_count\": {n},\n   \"id\": \"{}\",\n   \"metadata\": {{}},", cell_id(g)));
    match out {
        Output::None => {
            b.n("   \"outputs\": [],");
        }
        Output::Text(lines) => {
            b.n("   \"outputs\": [\n    {\n     \"name\": \"stdout\",\n     \"output_type\": \"stream\",\n     \"text\": [");
            for (i, l) in lines.iter().enumerate() {
                let comma = if i + 1 < lines.len() { "," } else { "" };
                b.n(format!("      \"{}\\n\"{comma}", Gen::json_escape(l)));
            }
            b.n("     ]\n    }\n   ],");
        }
        Output::Png => {
            let png = g.png_base64_in(300, 900);
            b.n(format!("   \"outputs\": [\n    {{\n     \"data\": {{\n      \"image/png\": \"{png}\",\n      \"text/plain\": [\n       \"<Figure size 640x480 with 1 Axes>\"\n      ]\n     }},\n     \"metadata\": {{}},\n     \"output_type\": \"display_data\"\n    }}\n   ],"));
        }
    }
    emit_source(b, src);
    b.n(if last { "  }" } else { "  }," });
}

fn md_cell(g: &mut Gen, b: &mut FileBuilder, text: &[&str]) {
    b.n(format!(
        "  {{\n   \"cell_type\": \"markdown\",\n   \"id\": \"{}\",\n   \"metadata\": {{}},",
        cell_id(g)
    ));
    let src: Vec<Src> = text.iter().map(|t| neg(*t)).collect();
    emit_source(b, &src);
    b.n("  },");
}

pub fn notebook(g: &mut Gen, path: &str, proj: &str) -> Doc {
    let mut b = FileBuilder::new(path);
    b.n("{\n \"cells\": [");
    md_cell(
        g,
        &mut b,
        &[
            "# Churn analysis",
            "",
            "Set `OPENAI_API_KEY` and `DW_PASSWORD` in your environment before running.",
        ],
    );
    // Setup cell.
    let mut setup = vec![
        neg("import os"),
        neg("from getpass import getpass"),
        neg(""),
        neg("import pandas as pd"),
        neg("from sqlalchemy import create_engine"),
    ];
    match g.below(6) {
        0 => {
            let t = openai_key(g);
            setup.push(pos(
                K::Provider,
                "notebook os.environ assignment",
                &t,
                format!("os.environ[\"OPENAI_API_KEY\"] = \"{t}\""),
            ));
        }
        1 => {
            let t = openai_key(g);
            setup.push(neg("from openai import OpenAI"));
            setup.push(pos(
                K::Provider,
                "notebook client(api_key=...)",
                &t,
                format!("client = OpenAI(api_key=\"{t}\")"),
            ));
        }
        2 => {
            let t = hf_token(g);
            setup.push(pos(
                K::Provider,
                "notebook HF token",
                &t,
                format!("HF_TOKEN = \"{t}\""),
            ));
        }
        3 => {
            let k = providers::wandb(g);
            setup.push(neg("import wandb"));
            setup.push(pos(
                K::Provider,
                "notebook wandb.login(key=...)",
                &k,
                format!("wandb.login(key=\"{k}\")"),
            ));
        }
        4 => {
            let k = g.alnum(32);
            setup.push(pos(
                K::Generic,
                "notebook API_KEY constant",
                &k,
                format!("API_KEY = '{k}'"),
            ));
        }
        _ => {
            setup.push(neg("api_key = os.getenv(\"OPENAI_API_KEY\")"));
            setup.push(neg("assert api_key, \"set OPENAI_API_KEY\""));
        }
    }
    code_cell(g, &mut b, 1, &setup, Output::None, false);
    // Magic cell.
    if g.chance(30) {
        let t = openai_key(g);
        let src = vec![
            pos(
                K::Provider,
                "notebook %env magic",
                &t,
                format!("%env OPENAI_API_KEY={t}"),
            ),
            neg("!pip install -q openai tiktoken"),
        ];
        code_cell(g, &mut b, 2, &src, Output::None, false);
    }
    // Database cell.
    let mut db = Vec::new();
    match g.below(4) {
        0 => {
            let pw = g.url_password();
            db.push(pos(
                K::Url,
                "notebook create_engine url",
                &pw,
                format!("engine = create_engine(\"postgresql://analyst:{pw}@warehouse.internal:5432/dw\")"),
            ));
        }
        1 => {
            let pw = g.password(Charset::Rich);
            db.push(neg("import snowflake.connector"));
            db.push(pos(
                K::Password,
                "notebook connector password kwarg",
                &pw,
                format!("conn = snowflake.connector.connect(user=\"analyst\", password=\"{pw}\", account=\"xy{}.eu-west-1\")", g.digits(5)),
            ));
        }
        2 => {
            db.push(neg("password = getpass(\"Warehouse password: \")"));
            db.push(neg(
                "engine = create_engine(f\"postgresql://analyst:{password}@warehouse.internal/dw\")",
            ));
        }
        _ => {
            db.push(neg("engine = create_engine(os.environ[\"DW_URL\"])"));
        }
    }
    db.push(neg(format!(
        "df = pd.read_sql(\"SELECT * FROM {proj}.customers WHERE churned\", engine)"
    )));
    db.push(neg("df.head()"));
    code_cell(g, &mut b, 3, &db, Output::None, false);
    // Hash output.
    let src = vec![
        neg("import hashlib"),
        neg("hashlib.md5(df.to_csv().encode()).hexdigest()"),
    ];
    let h = g.hex(32);
    let run = g.uuid();
    code_cell(
        g,
        &mut b,
        4,
        &src,
        Output::Text(vec![format!("'{h}'"), format!("run_id={run}")]),
        false,
    );
    // A config printed into an output: the password is in the notebook file now.
    if g.chance(35) {
        let pw = g.password(Charset::Safe);
        let src = vec![neg("conn_args = load_conn_args()"), neg("print(conn_args)")];
        b.n(format!("  {{\n   \"cell_type\": \"code\",\n   \"execution_count\": 7,\n   \"id\": \"{}\",\n   \"metadata\": {{}},", cell_id(g)));
        b.n("   \"outputs\": [\n    {\n     \"name\": \"stdout\",\n     \"output_type\": \"stream\",\n     \"text\": [");
        b.p(
            K::Password,
            "notebook output prints a password",
            &pw,
            format!("      \"{{'host': 'warehouse.internal', 'user': 'analyst', 'password': '{pw}', 'port': 5432}}\\n\""),
        );
        b.n("     ]\n    }\n   ],");
        emit_source(&mut b, &src);
        b.n("  },");
    }
    // A widget output: model ids are random hex, not secrets.
    let model_id = g.hex(32);
    let src = vec![
        neg("from tqdm.auto import tqdm"),
        neg("for _ in tqdm(range(100)): pass"),
    ];
    b.n(format!("  {{\n   \"cell_type\": \"code\",\n   \"execution_count\": 8,\n   \"id\": \"{}\",\n   \"metadata\": {{}},\n   \"outputs\": [\n    {{\n     \"data\": {{\n      \"application/vnd.jupyter.widget-view+json\": {{\n       \"model_id\": \"{model_id}\",\n       \"version_major\": 2,\n       \"version_minor\": 0\n      }}\n     }},\n     \"metadata\": {{}},\n     \"output_type\": \"display_data\"\n    }}\n   ],", cell_id(g)));
    emit_source(&mut b, &src);
    b.n("  },");
    // Plot with a PNG output.
    let src = vec![
        neg("import matplotlib.pyplot as plt"),
        neg("df.groupby(\"plan\").churned.mean().plot(kind=\"bar\")"),
        neg("plt.title(\"Churn by plan\")"),
    ];
    code_cell(g, &mut b, 5, &src, Output::Png, false);
    md_cell(
        g,
        &mut b,
        &[
            "## Notes",
            "",
            "The model id is `gpt-4o-mini`; logs in `s3://analytics/churn/`.",
        ],
    );
    let src = vec![
        neg("model = \"gpt-4o-mini\""),
        neg(format!("experiment_id = \"{}\"", g.hex(32))),
        neg("print(df.describe())"),
    ];
    code_cell(g, &mut b, 6, &src, Output::None, true);
    b.n(" ],\n \"metadata\": {\n  \"kernelspec\": {\n   \"display_name\": \"Python 3 (ipykernel)\",\n   \"language\": \"python\",\n   \"name\": \"python3\"\n  },\n  \"language_info\": {\n   \"name\": \"python\",\n   \"version\": \"3.11.6\"\n  }\n },\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}");
    b.finish()
}

fn openai_key(g: &mut Gen) -> String {
    providers::openai(g)
}

fn hf_token(g: &mut Gen) -> String {
    providers::huggingface(g)
}
