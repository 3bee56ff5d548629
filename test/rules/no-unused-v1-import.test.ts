import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-unused-v1-import.js';

const unused = (name: string, module = 'azureml.core') => ({ messageId: 'unused', data: { name, module } });

new RuleTester().run('no-unused-v1-import', rule, {
  valid: [
    'from azureml.core import Run\nrun = Run.get_context()',
    'import azureml.core as aml\nws = aml.Workspace.from_config()',
    'import azureml.core\nws = azureml.core.Workspace.from_config()',
    // The MLflow plugin and other azureml packages are not this rule's business.
    'import azureml.mlflow',
    'from azureml.mlflow import register_model',
    'from azureml.widgets import RunDetails',
    'from azureml.core import *',
    // Used in a later cell, in a function, in a masked magic line.
    { cells: ['from azureml.core import Workspace', 'ws = Workspace.from_config()'] },
    'from azureml.core import Run\ndef get():\n    return Run.get_context()',
    { cells: ['from azureml.core import Workspace', '%time ws = Workspace.from_config()'] },
    { cells: ['from azureml.core import Workspace', '%lprun -f f f(Workspace.from_config())'] },
    // Conservative: another binding of the name is read (a fallback in `except ImportError:`).
    'try:\n    from azureml.core import Run\nexcept ImportError:\n    Run = None\nprint(Run)',
    // Exported names are used: emptying a re-export module breaks `from mypkg import Run` downstream.
    { code: 'from azureml.core import Run, Workspace\n__all__ = ["Run", \'Workspace\']\n', filename: 'pkg/compat.py' },
    'from azureml.core import Run\n__all__ = ("Run",)\n',
    'from azureml.core import Run as AzRun\n__all__: list[str] = []\n__all__ += ["AzRun"]\n',
    'from azureml.core import Run, Experiment\n__all__ = []\n__all__.append("Run")\n__all__.extend(["Experiment"])\n',
    // `__all__` computed: any name may be in it.
    'from azureml.core import Run\n__all__ = [name for name in dir() if not name.startswith("_")]\n',
    // PEP 484's explicit re-export (`import X as X`), and a package's __init__.py, whose imports are its API.
    'from azureml.core import Run as Run\n',
    { code: 'from azureml.core import Run, Workspace\n', filename: 'mypkg/__init__.py' },
  ],
  invalid: [
    {
      name: '__all__ lists other names: the v1 name is not exported, so it goes',
      code: 'from azureml.core import Run, Workspace\nws = None\n__all__ = ["Workspace"]\n',
      errors: [unused('Run')],
      output: 'from azureml.core import Workspace\nws = None\n__all__ = ["Workspace"]\n',
    },
    {
      name: '__all__ inside a function is not the module\'s',
      code: 'from azureml.core import Run\ndef f():\n    __all__ = ["Run"]\n    return __all__\n',
      errors: [unused('Run')],
      output: 'def f():\n    __all__ = ["Run"]\n    return __all__\n',
    },
    {
      name: 'the whole statement, with its line',
      code: 'import mlflow\nfrom azureml.core import Run\nmlflow.log_metric("a", 1)\n',
      errors: [{ ...unused('Run'), line: 2, column: 26, endColumn: 29 }],
      output: 'import mlflow\nmlflow.log_metric("a", 1)\n',
    },
    {
      name: 'only the unused name: Workspace is still used',
      code: 'from azureml.core import Workspace, Experiment\nws = Workspace.from_config()\n',
      errors: [unused('Experiment')],
      output: 'from azureml.core import Workspace\nws = Workspace.from_config()\n',
    },
    {
      name: 'the first name of a list',
      code: 'from azureml.core import Experiment, Workspace\nws = Workspace.from_config()\n',
      errors: [unused('Experiment')],
      output: 'from azureml.core import Workspace\nws = Workspace.from_config()\n',
    },
    {
      name: 'an alias, and a submodule',
      code: 'from azureml.core.run import Run as AzRun, get_run\nimport os\nx = get_run\n',
      errors: [unused('AzRun', 'azureml.core.run')],
      output: 'from azureml.core.run import get_run\nimport os\nx = get_run\n',
    },
    {
      name: '`import azureml.core as aml` with no reference to aml',
      code: 'import azureml.core as aml\nimport mlflow\n',
      errors: [unused('aml', 'azureml.core')],
      output: 'import mlflow\n',
    },
    {
      name: '`import azureml.core, azureml.mlflow`: the plugin import stays',
      code: 'import azureml.core, azureml.mlflow\n',
      errors: [unused('azureml', 'azureml.core')],
      output: 'import azureml.mlflow\n',
    },
    {
      name: 'a parenthesised multi-line list with a trailing comma',
      code: 'from azureml.core import (\n    Workspace,\n    Experiment,\n    Run,\n)\nws = Workspace.from_config()\n',
      errors: [unused('Experiment'), unused('Run')],
      output: 'from azureml.core import (\n    Workspace,\n)\nws = Workspace.from_config()\n',
    },
    {
      name: 'a parenthesised list: the used name last',
      code: 'from azureml.core import (\n    Experiment,\n    Workspace\n)\nws = Workspace\n',
      errors: [unused('Experiment')],
      output: 'from azureml.core import (\n    Workspace\n)\nws = Workspace\n',
    },
    {
      name: 'the last line of a cell without a final newline takes the newline before it',
      cells: ['import mlflow\nfrom azureml.core import Run  # v1', 'mlflow.log_metric("a", 1)'],
      errors: [unused('Run')],
      output: ['import mlflow', 'mlflow.log_metric("a", 1)'],
    },
    {
      name: 'the only statement of a block becomes pass',
      code: 'if True:\n    from azureml.core import Run\nprint(1)\n',
      errors: [unused('Run')],
      output: 'if True:\n    pass\nprint(1)\n',
    },
    {
      name: 'sharing its line with other code: reported, not fixed',
      code: 'import os; from azureml.core import Run\nprint(os)\n',
      errors: [unused('Run')],
      output: null,
    },
    {
      name: 'CRLF script',
      code: 'import mlflow\r\nfrom azureml.core import Experiment\r\nmlflow.set_experiment("e")\r\n',
      errors: [unused('Experiment')],
      output: 'import mlflow\r\nmlflow.set_experiment("e")\r\n',
    },
  ],
});
