// Where each built-in rule is documented: its section of the README.
export function ruleDocsUrl(ruleId: string): string {
  return `https://github.com/nblint-mlflow/nblint-mlflow#${ruleId}`;
}
