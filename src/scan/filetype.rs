//! What kind of file a path is: decides whether an unquoted value is a literal (config files,
//! `.env`, shell) or an expression (code), and which paths are tests.

/// How values are written in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    /// Program source: an unquoted value is an expression, not a literal.
    Code,
    /// Config, `.env`, shell, YAML, INI...: an unquoted value is a literal.
    Config,
    /// A Jupyter notebook: JSON whose strings hold code with escaped quotes.
    Notebook,
    /// Documentation (Markdown, reStructuredText, plain text): an unquoted value is prose.
    Prose,
}

const CODE_EXT: &[&str] = &[
    "py", "pyi", "pyx", "js", "jsx", "mjs", "cjs", "ts", "tsx", "go", "java", "kt", "kts", "scala",
    "rb", "php", "cs", "c", "cc", "cpp", "cxx", "h", "hpp", "rs", "swift", "m", "mm", "groovy",
    "dart", "lua", "r", "jl", "ex", "exs", "erl", "clj", "fs", "vb", "pl", "pm", "vue", "svelte",
    // HCL (Terraform, Packer, Nomad): `password = var.db_password` is an expression; literals
    // are always quoted.
    "tf", "tfvars", "hcl", "nomad",
];

/// Classifies a path by its extension.
pub fn classify(path: &str) -> FileType {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => return FileType::Config,
    };
    // pip requirement files hold options (`--extra-index-url https://user:token@host/`), not prose.
    let lower_name = name.to_ascii_lowercase();
    let in_requirements_dir = path
        .rsplit('/')
        .nth(1)
        .is_some_and(|d| d.eq_ignore_ascii_case("requirements"));
    if ext == "txt"
        && (lower_name.starts_with("requirements")
            || lower_name.starts_with("constraints")
            || in_requirements_dir)
    {
        return FileType::Config;
    }
    if ext == "ipynb" {
        FileType::Notebook
    } else if matches!(
        ext.as_str(),
        "md" | "markdown" | "rst" | "txt" | "adoc" | "po" | "pot"
    ) {
        FileType::Prose
    } else if CODE_EXT.contains(&ext.as_str()) {
        FileType::Code
    } else {
        FileType::Config
    }
}

/// Whether the path holds samples rather than live configuration: tests, documentation
/// directories and prose files. Values there are mostly illustrations (a `PASSWORD` in the docs of a database backend).
pub fn is_sample_path(path: &str) -> bool {
    if is_test_path(path) || classify(path) == FileType::Prose {
        return true;
    }
    in_docs_dir(path)
}

/// Whether a directory above the file is a documentation, example, sample, demo or tutorial
/// directory (`docs/`, `examples/`, `docs_src/`...), in any case.
pub fn in_docs_dir(path: &str) -> bool {
    path.to_ascii_lowercase().split('/').rev().skip(1).any(|d| {
        matches!(
            d,
            "docs"
                | "doc"
                | "docs_src"
                | "documentation"
                | "examples"
                | "example"
                | "samples"
                | "sample"
                | "demo"
                | "demos"
                | "tutorial"
                | "tutorials"
        )
    })
}

/// Whether the path is a test file or lives in a test directory.
pub fn is_test_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    lower.split('/').rev().skip(1).any(|d| {
        matches!(
            d,
            "test"
                | "tests"
                | "t"
                | "testing"
                | "__tests__"
                | "spec"
                | "specs"
                | "fixtures"
                | "testdata"
        )
    }) || name.starts_with("test_")
        || name.starts_with("tests.")
        || name.starts_with("test.")
        || name == "conftest.py"
        || name.contains("_test.")
        || name.contains(".test.")
        || name.contains("_spec.")
        || name.contains(".spec.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        assert_eq!(classify("app/settings.py"), FileType::Code);
        assert_eq!(classify(".env"), FileType::Config);
        assert_eq!(classify("deploy/.env.production"), FileType::Config);
        assert_eq!(classify("config.yaml"), FileType::Config);
        assert_eq!(classify("nb/Analysis.ipynb"), FileType::Notebook);
        assert_eq!(classify("Dockerfile"), FileType::Config);
        assert_eq!(classify("infra/main.tf"), FileType::Code);
        assert_eq!(classify("infra/prod.tfvars"), FileType::Code);
        assert_eq!(classify("requirements/prod.txt"), FileType::Config);
        assert_eq!(classify("requirements-dev.txt"), FileType::Config);
        assert_eq!(classify("docs/notes.txt"), FileType::Prose);
    }

    #[test]
    fn tests_paths() {
        assert!(is_test_path("app/tests/test_views.py"));
        assert!(is_test_path("test_settings.py"));
        assert!(is_test_path("src/foo.test.js"));
        assert!(!is_test_path("app/settings.py"));
        assert!(!is_test_path("contest/settings.py"));
    }
}
