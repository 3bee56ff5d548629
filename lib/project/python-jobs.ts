// Which jobs a Python program (a controller notebook or script) submits, and the environment each job runs in.
// A small abstract interpretation of the module-level statements in program order (cells in order, into
// if/for/with/try bodies, not into functions): names hold strings, Environments, CondaDependencies and run
// configurations; submissions are the calls that name a job script:
//   v1  ScriptRunConfig(source_directory, script, environment | run_config), the Estimator family
//       (Estimator, SKLearn, PyTorch, TensorFlow, Chainer: source_directory, entry_script, pip_packages, ...),
//       PythonScriptStep(script_name, source_directory, runconfig);
//   v2  command(code, command="python train.py ...", environment).
// Classes are recognised by their name (the last part of the callee); nothing is executed.
import type { SyntaxNode } from '@lezer/common';
import path from 'node:path';
import { callParts, nodeText, statementOf, stringLiteralValue, type Arg } from '../python/nodes.js';
import { normalizePackageName, requirementName } from '../dependencies/index.js';
import { parseUnit } from '../python/parse.js';
import type { Program, Unit } from '../types.js';

/** A place in the analysed program. */
export interface CodeSite {
  unit: Unit;
  node: SyntaxNode;
}

/** The pip packages of an environment declared in Python code, and where more can be added. */
export interface CodeDependencies {
  packages: Set<string>;
  /** `pip_packages=[...]`: a list literal the packages can be appended to. */
  list?: CodeSite;
  /** `CondaDependencies.create(...)` or an Estimator call without `pip_packages=`: a keyword can be added. */
  call?: CodeSite;
  /** The statements that add packages or create the object, with the expression that names it (`env.python.conda_dependencies`). */
  statements: { site: CodeSite; receiver: string }[];
}

export type JobEnvironment =
  | { kind: 'code'; dependencies: CodeDependencies }
  | { kind: 'conda-file'; path: string; site: CodeSite }
  | { kind: 'requirements-file'; path: string; site: CodeSite }
  | { kind: 'curated'; name: string; site: CodeSite }
  | { kind: 'default'; site: CodeSite }
  | { kind: 'unknown'; why: string };

export interface Submission {
  /** The call that makes the job (ScriptRunConfig(...), SKLearn(...), command(...)). */
  site: CodeSite;
  /** Absolute path of the job script; null when its folder or name is not a known string. */
  script: string | null;
  environment: () => JobEnvironment;
}

// ───────────── values the interpretation tracks ─────────────

interface EnvironmentValue {
  t: 'env';
  source: JobEnvironment | null; // null: built from code (see deps)
  deps: DepsValue | null;
  /** How the program names this environment, for added statements. */
  name: string | null;
  site: CodeSite;
}
interface DepsValue {
  t: 'deps';
  file: string | null;
  deps: CodeDependencies;
}
interface RunConfigValue {
  t: 'runconfig';
  env: EnvironmentValue;
}
type Value = { t: 'str'; value: string } | EnvironmentValue | DepsValue | RunConfigValue;

const ESTIMATORS = new Set(['Estimator', 'SKLearn', 'PyTorch', 'TensorFlow', 'Chainer']);
const SCOPE_NODES = new Set(['Body', 'IfStatement', 'WithStatement', 'ForStatement', 'WhileStatement', 'TryStatement']);

// A unit without any of these words submits nothing and declares no environment.
const SUBMISSION_WORDS = /ScriptRunConfig|Estimator|SKLearn|PyTorch|TensorFlow|Chainer|PythonScriptStep|command|Environment|CondaDependencies/;

/** Every submission the program makes; relative paths are resolved from `baseDir` (the notebook's folder). */
export function findSubmissions(program: Program, baseDir: string): Submission[] {
  const interpreter = new Interpreter(baseDir);
  for (const unit of program.units) {
    if (!SUBMISSION_WORDS.test(unit.text)) continue;
    // Only the units that can submit are read: the project model parses just those (lint has parsed them all).
    if (!unit.tree) parseUnit(unit);
    interpreter.statements(unit, unit.tree!.topNode);
  }
  return interpreter.submissions;
}

class Interpreter {
  readonly submissions: Submission[] = [];
  private readonly vars = new Map<string, Value>();

  constructor(private readonly baseDir: string) {}

  statements(unit: Unit, parent: SyntaxNode): void {
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      if (node.name === 'AssignStatement') this.assign(unit, node);
      else if (node.name === 'ExpressionStatement') this.expression(unit, node.firstChild);
      else if (SCOPE_NODES.has(node.name)) this.statements(unit, node);
    }
  }

  private assign(unit: Unit, statement: SyntaxNode): void {
    const targets: SyntaxNode[] = [];
    let value: SyntaxNode | null = null;
    for (let c = statement.firstChild; c; c = c.nextSibling) {
      if (c.name === 'AssignOp') continue;
      if (c.nextSibling?.name === 'AssignOp' || c.nextSibling?.name === 'TypeDef') targets.push(c);
      else if (c.name !== 'TypeDef' && c.name !== ',') value = c;
    }
    if (!value || targets.length === 0) return;
    const val = this.evaluate(unit, value);
    for (const target of targets) {
      if (target.name === 'VariableName') {
        const name = nodeText(unit, target);
        if (val) {
          if (val.t === 'env' && val.name === null) val.name = name;
          this.vars.set(name, val);
        } else this.vars.delete(name);
      } else if (target.name === 'MemberExpression') this.setMember(unit, target, val, statement);
    }
  }

  /** `env.python.conda_dependencies = deps`, `rc.environment = env`, `env.python.user_managed_dependencies = True`. */
  private setMember(unit: Unit, target: SyntaxNode, val: Value | null, statement: SyntaxNode): void {
    const property = nodeText(unit, target.lastChild!);
    let ownerNode = target.firstChild!;
    if (property === 'conda_dependencies' || property === 'user_managed_dependencies') {
      // `<env>.python.conda_dependencies`: the environment is the object before `.python`.
      if (ownerNode.name !== 'MemberExpression' || nodeText(unit, ownerNode.lastChild!) !== 'python') return;
      ownerNode = ownerNode.firstChild!;
    }
    const owner = this.evaluate(unit, ownerNode);
    const ownerEnv = owner?.t === 'env' ? owner : owner?.t === 'runconfig' ? owner.env : null;
    if (property === 'conda_dependencies' && ownerEnv) {
      ownerEnv.deps = val?.t === 'deps' ? val : null;
      ownerEnv.source = val?.t === 'deps' ? null : { kind: 'unknown', why: 'its conda dependencies are not a CondaDependencies object the linter can read' };
      if (val?.t === 'deps') val.deps.statements.push({ site: { unit, node: statement }, receiver: nodeText(unit, target) });
    } else if (property === 'user_managed_dependencies' && ownerEnv) {
      ownerEnv.source = { kind: 'unknown', why: 'it uses user-managed dependencies' };
    } else if (property === 'environment' && owner?.t === 'runconfig' && val?.t === 'env') {
      owner.env = val;
    }
  }

  private expression(unit: Unit, node: SyntaxNode | null): void {
    if (node?.name !== 'CallExpression') {
      if (node) this.evaluate(unit, node);
      return;
    }
    const parts = callParts(node, unit.text);
    if ((parts.method === 'add_pip_package' || parts.method === 'add_conda_package') && parts.receiver) {
      const deps = this.depsOf(unit, parts.receiver);
      if (!deps) return;
      const arg = parts.args[0] && stringLiteralValue(unit, parts.args[0].value);
      const name = arg ? requirementName(arg) : null;
      if (name) deps.deps.packages.add(name);
      deps.deps.statements.push({ site: { unit, node: statementOf(node) ?? node }, receiver: nodeText(unit, parts.receiver) });
      return;
    }
    this.evaluate(unit, node);
  }

  /** The CondaDependencies an expression denotes (`cd`, `env.python.conda_dependencies`, `rc.environment.python.conda_dependencies`). */
  private depsOf(unit: Unit, expr: SyntaxNode): DepsValue | null {
    const val = this.evaluate(unit, expr);
    return val?.t === 'deps' ? val : null;
  }

  private depth = 0;

  /** What an expression holds; null past a nesting depth no real controller reaches (deeply nested input). */
  private evaluate(unit: Unit, node: SyntaxNode): Value | null {
    while (node.name === 'ParenthesizedExpression' && node.firstChild?.nextSibling) node = node.firstChild.nextSibling;
    if (this.depth > 100) return null;
    this.depth++;
    try {
      return this.evaluateNode(unit, node);
    } finally {
      this.depth--;
    }
  }

  private evaluateNode(unit: Unit, node: SyntaxNode): Value | null {
    switch (node.name) {
      case 'String':
      case 'ContinuedString': {
        const value = stringLiteralValue(unit, node);
        return value === null ? null : { t: 'str', value };
      }
      case 'ParenthesizedExpression':
        return node.firstChild?.nextSibling ? this.evaluate(unit, node.firstChild.nextSibling) : null;
      case 'VariableName':
        return this.vars.get(nodeText(unit, node)) ?? null;
      case 'MemberExpression':
        return this.member(unit, node);
      case 'CallExpression':
        return this.call(unit, node);
      default:
        return null;
    }
  }

  /** `env.python.conda_dependencies`, `rc.environment`, `rc.environment.python.conda_dependencies`. */
  private member(unit: Unit, node: SyntaxNode): Value | null {
    const property = nodeText(unit, node.lastChild!);
    const object = node.firstChild!;
    if (property === 'conda_dependencies' && object.name === 'MemberExpression' && nodeText(unit, object.lastChild!) === 'python') {
      const owner = this.evaluate(unit, object.firstChild!);
      const env = owner?.t === 'env' ? owner : owner?.t === 'runconfig' ? owner.env : null;
      if (!env || env.source) return null;
      // An Environment's default CondaDependencies: the statements that add to it name it through the environment.
      env.deps ??= { t: 'deps', file: null, deps: { packages: new Set(), statements: [{ site: env.site, receiver: nodeText(unit, node) }] } };
      return env.deps;
    }
    if (property === 'environment') {
      const owner = this.evaluate(unit, object);
      return owner?.t === 'runconfig' ? owner.env : null;
    }
    return null;
  }

  private call(unit: Unit, node: SyntaxNode): Value | null {
    const parts = callParts(node, unit.text);
    const callee = parts.method ?? (parts.callee.name === 'VariableName' ? nodeText(unit, parts.callee) : '');
    const owner = parts.receiver ? nodeText(unit, parts.receiver).split('.').pop() : null;
    const site: CodeSite = { unit, node };
    const arg = (name: string, position = -1): Arg | undefined =>
      parts.args.find((a) => a.name === name) ?? (position >= 0 ? parts.args.filter((a) => a.name === null && !a.star)[position] : undefined);
    const str = (a: Arg | undefined): string | null => {
      const v = a ? this.evaluate(unit, a.value) : null;
      return v?.t === 'str' ? v.value : null;
    };
    const file = (a: Arg | undefined): string | null => {
      const s = str(a);
      return s === null ? null : path.resolve(this.baseDir, s);
    };

    if (owner === 'Environment' || owner === 'CondaDependencies') {
      const environment = (source: JobEnvironment): EnvironmentValue => ({ t: 'env', source, deps: null, name: null, site });
      switch (`${owner}.${callee}`) {
        case 'Environment.from_conda_specification': {
          const p = file(arg('file_path', 1));
          return environment(p ? { kind: 'conda-file', path: p, site } : { kind: 'unknown', why: 'its conda file is not a known path' });
        }
        case 'Environment.from_pip_requirements': {
          const p = file(arg('file_path', 1));
          return environment(p ? { kind: 'requirements-file', path: p, site } : { kind: 'unknown', why: 'its requirements file is not a known path' });
        }
        case 'Environment.get': {
          const name = str(arg('name', 1));
          const nameArg = arg('name', 1);
          return environment(name && nameArg ? { kind: 'curated', name, site: { unit, node: nameArg.value } } : { kind: 'unknown', why: 'its name is not a known string' });
        }
        case 'CondaDependencies.create': {
          const deps = literalDependencies(site, arg('pip_packages'), arg('conda_packages'));
          if (!deps) return null; // a list built elsewhere: not followed
          return { t: 'deps', file: null, deps };
        }
        default:
          if (owner === 'Environment' && callee.startsWith('from_')) {
            return environment({ kind: 'unknown', why: `it is made by Environment.${callee}()` });
          }
          return null;
      }
    }

    switch (callee) {
      case 'Environment': {
        // azure.ai.ml's Environment(conda_file=..., image=...) or v1's Environment(name).
        const conda = arg('conda_file');
        if (conda) {
          const p = file(conda);
          return { t: 'env', source: p ? { kind: 'conda-file', path: p, site } : { kind: 'unknown', why: 'its conda file is not a known path' }, deps: null, name: null, site };
        }
        return { t: 'env', source: null, deps: null, name: null, site };
      }
      case 'CondaDependencies': {
        const p = file(arg('conda_dependencies_file_path', 0));
        const deps: CodeDependencies = { packages: new Set(), statements: [] };
        return p ? { t: 'deps', file: p, deps } : { t: 'deps', file: null, deps };
      }
      case 'RunConfiguration': {
        const env: EnvironmentValue = { t: 'env', source: null, deps: null, name: null, site };
        const deps = arg('conda_dependencies') && this.evaluate(unit, arg('conda_dependencies')!.value);
        if (deps?.t === 'deps') env.deps = deps;
        return { t: 'runconfig', env };
      }
      case 'ScriptRunConfig': {
        const env = arg('environment') && this.evaluate(unit, arg('environment')!.value);
        const rc = arg('run_config') && this.evaluate(unit, arg('run_config')!.value);
        const environment = env?.t === 'env' ? env : rc?.t === 'runconfig' ? rc.env : null;
        this.submit(site, str(arg('source_directory', 0)) ?? '.', str(arg('script', 1)), environment, arg('environment') || arg('run_config') ? 'unknown' : 'default');
        return null;
      }
      case 'PythonScriptStep': {
        const rc = arg('runconfig') && this.evaluate(unit, arg('runconfig')!.value);
        this.submit(site, str(arg('source_directory')) ?? '.', str(arg('script_name', 0)), rc?.t === 'runconfig' ? rc.env : null, arg('runconfig') ? 'unknown' : 'default');
        return null;
      }
      case 'command': {
        const script = scriptOfCommand(str(arg('command')) ?? '');
        const envArg = arg('environment');
        const envVal = envArg ? this.evaluate(unit, envArg.value) : null;
        let environment: EnvironmentValue | null = envVal?.t === 'env' ? envVal : null;
        if (envVal?.t === 'str' && envArg) {
          environment = { t: 'env', source: { kind: 'curated', name: envVal.value, site: { unit, node: envArg.value } }, deps: null, name: null, site };
        }
        if (!script) return null;
        this.submit(site, str(arg('code')) ?? '.', script, environment, envArg ? 'unknown' : 'default');
        return null;
      }
      default:
        if (ESTIMATORS.has(callee)) this.estimator(site, arg, str, file);
        else this.nestedCalls(unit, parts.args);
        return null;
    }
  }

  /** A job configured inside another call (`exp.submit(ScriptRunConfig(...))`, `Pipeline(steps=[PythonScriptStep(...)])`) is still a job. */
  private nestedCalls(unit: Unit, args: readonly Arg[]): void {
    for (const { value } of args) {
      if (value.name === 'CallExpression' || value.name === 'ParenthesizedExpression') this.evaluate(unit, value);
      else if (value.name === 'ArrayExpression' || value.name === 'TupleExpression') {
        for (let element = value.firstChild; element; element = element.nextSibling) {
          if (element.name === 'CallExpression') this.evaluate(unit, element);
        }
      }
    }
  }

  private estimator(
    site: CodeSite,
    arg: (name: string, position?: number) => Arg | undefined,
    str: (a: Arg | undefined) => string | null,
    file: (a: Arg | undefined) => string | null,
  ): void {
    const { unit } = site;
    const definition = arg('environment_definition') && this.evaluate(unit, arg('environment_definition')!.value);
    let env: EnvironmentValue | null = definition?.t === 'env' ? definition : null;
    if (!env) {
      const condaFile = file(arg('conda_dependencies_file'));
      const requirements = file(arg('pip_requirements_file'));
      const pip = arg('pip_packages');
      const deps = literalDependencies(site, pip, arg('conda_packages')) ?? { packages: new Set<string>(), statements: [] };
      const source: JobEnvironment | null = condaFile
        ? { kind: 'conda-file', path: condaFile, site }
        : requirements
          ? { kind: 'requirements-file', path: requirements, site }
          : pip && !deps.list
            ? { kind: 'unknown', why: 'its pip_packages list is built elsewhere' }
            : null;
      env = { t: 'env', source, deps: source ? null : { t: 'deps', file: null, deps }, name: null, site };
    }
    this.submit(site, str(arg('source_directory', 0)) ?? '.', str(arg('entry_script')), env, 'unknown');
  }

  private submit(site: CodeSite, folder: string, script: string | null, env: EnvironmentValue | null, missing: 'default' | 'unknown'): void {
    const scriptPath = script === null ? null : path.resolve(this.baseDir, folder, script);
    this.submissions.push({
      site,
      script: scriptPath,
      // Read when asked: statements after the submission (add_pip_package before submit) count.
      environment: () => (env ? environmentOf(env) : missing === 'default' ? { kind: 'default', site } : { kind: 'unknown', why: 'its environment is not followed' }),
    });
  }
}

function environmentOf(env: EnvironmentValue): JobEnvironment {
  if (env.source) return env.source;
  if (env.deps?.file) return { kind: 'conda-file', path: env.deps.file, site: env.site };
  if (env.deps) return { kind: 'code', dependencies: env.deps.deps };
  // Environment(name) with nothing added: its default CondaDependencies, reached through the environment's name.
  const receiver = env.name ? `${env.name}.python.conda_dependencies` : null;
  if (!receiver) return { kind: 'unknown', why: 'the environment has no name to add packages through' };
  return { kind: 'code', dependencies: { packages: new Set(), statements: [{ site: { unit: env.site.unit, node: statementOf(env.site.node) ?? env.site.node }, receiver }] } };
}

/**
 * The packages of `pip_packages=[...]` and `conda_packages=[...]` list literals; where to add: the pip list, or the
 * call when it has none. Null when `pip_packages` is not a list literal (built elsewhere: not followed).
 */
function literalDependencies(call: CodeSite, pip: Arg | undefined, conda: Arg | undefined): CodeDependencies | null {
  const { unit } = call;
  if (pip && pip.value.name !== 'ArrayExpression') return null;
  const deps: CodeDependencies = { packages: new Set(), statements: [] };
  if (pip) deps.list = { unit, node: pip.value };
  else deps.call = call;
  for (const item of [...listItems(pip?.value ?? null), ...listItems(conda?.value ?? null)]) {
    const value = stringLiteralValue(unit, item);
    const name = value ? requirementName(value) : null;
    if (name) deps.packages.add(name);
  }
  return deps;
}

/** The elements of a list literal. */
export function listItems(node: SyntaxNode | null): SyntaxNode[] {
  const items: SyntaxNode[] = [];
  if (node?.name !== 'ArrayExpression') return items;
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== '[' && c.name !== ']' && c.name !== ',' && c.name !== 'Comment') items.push(c);
  return items;
}

/** `python train.py --x 1` → 'train.py'; `python -m pkg.mod` → 'pkg/mod.py'; null when no script is named. */
export function scriptOfCommand(command: string): string | null {
  const file = /\bpython[\d.]*\s+(?:-[uBO]+\s+)*([^\s;&|'"]+\.py)(?=$|[\s;&|])/.exec(command);
  if (file) return file[1];
  const module = /\bpython[\d.]*\s+(?:-[uBO]+\s+)*-m\s+([\w.]+)/.exec(command);
  return module ? `${module[1].replace(/\./g, '/')}.py` : null;
}

/** Whether `packages` (normalised names) provides a package (`mlflow` is also provided by `mlflow-skinny`). */
export function provides(packages: ReadonlySet<string>, wanted: string): boolean {
  const name = normalizePackageName(wanted);
  return packages.has(name) || (name === 'mlflow' && packages.has('mlflow-skinny'));
}
