// `--help`: short, ESLint-shaped, with examples.
export const HELP = `nblint-mlflow [options] [paths..]

Lint Jupyter notebooks (.ipynb) and Python scripts (.py) for Azure ML SDK v1 logging
(azureml.core Experiment, Run, run.log) and migrate it to MLflow.
Paths are files, folders (searched recursively) or globs; default: "."

Output:
  -f, --format <name>        stylish (default), json, sarif, github, html
  -o, --output-file <path>   Write the report to a file instead of stdout
  --color, --no-color        Force colours on or off (default: on a TTY; NO_COLOR, FORCE_COLOR)
  --sarif-category <name>    SARIF run category (runAutomationDetails.id)
  --statistics               Counts per rule (count, fixable, files) instead of the problems

Fixing:
  --fix                      Apply fixes to the files
  --fix-dry-run              Compute fixes without writing them (shown as "output" by -f json)
  --diff                     Print what --fix would change as a unified diff (per cell); write nothing
  --fix-type <types>         Fix only these rule types: problem,suggestion,layout,directive
  --unsafe-fixes             Also apply fixes marked unsafe (none are yet)

Configuration:
  -c, --config <path>        Use this configuration file (in addition to .nblintrc.json files)
  --no-config-lookup         Do not look for .nblintrc.json files (nor [tool.nblint-mlflow] in pyproject.toml)
  --rule <rule: level>       Set a rule, e.g. --rule 'no-run-log: error' (repeatable)
  --print-config <file>      Print the configuration in force for a file and exit
  --report-unused-disable-directives  Report disable directives and # noqa ids that suppress nothing

Files:
  --ignore-pattern <glob>    Ignore files matching the pattern (repeatable, gitignore-style)
  --no-ignore                Disable ignore patterns, .nblintignore and default ignores
  --concurrency <n|auto|off> Lint on n threads (main + n-1 workers); auto: one per core, from 200 files (default: off;
                             --jobs <n> is an alias)
  --stdin                    Lint standard input instead of files
  --stdin-filename <path>    The path standard input stands for: its kind (.ipynb), configuration, report name
  --cache                    Only re-lint files changed since the last --cache run (or whose environment
                             files, controllers or configuration changed)
  --cache-location <path>    Cache file or folder (default: .nblintcache)

Results:
  --quiet                    Report errors only (--max-warnings still counts warnings)
  --max-warnings <n>         Exit with code 1 when there are more than n warnings
  --exit-zero                Exit with code 0 even when problems are found

Editors:
  --lsp                      Run the language server on stdio (VS Code, JupyterLab; see README)

  -h, --help                 Show this help
  -v, --version              Show the version

Exit codes: 0 no errors (and warnings within --max-warnings), 1 lint errors or too many
warnings, 2 usage, configuration or internal error.

Examples:
  nblint-mlflow notebooks/
  nblint-mlflow "src/**/*.py" train.ipynb --max-warnings 0
  nblint-mlflow . -f sarif -o reports/nblint.sarif
  nblint-mlflow . --diff
  nblint-mlflow . -f html -o reports/migration.html
  nblint-mlflow . --rule 'no-run-log: [warn, {unknownValueType: fix}]'
`;
