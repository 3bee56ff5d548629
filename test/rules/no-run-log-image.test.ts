import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-run-log-image.js';

const CONTEXT = 'from azureml.core import Run\nrun = Run.get_context()\n';
const PLT = `import matplotlib.pyplot as plt\n${CONTEXT}`;
const logImage = (replacement: string) => ({ messageId: 'logImage', data: { mlflow: 'mlflow', replacement } });

new RuleTester().run('no-run-log-image', rule, {
  valid: [
    'import mlflow\nwith mlflow.start_run() as run:\n    run.log_image("a", path="a.png")',
    'class Board:\n    def log_image(self, k, **kw): pass\nrun = Board()\nrun.log_image("a", path="a.png")',
    'run.log_image("roc", plot=plt)',
    `${CONTEXT}run.log("acc", 1)`,
  ],

  invalid: [
    {
      name: 'path= → log_artifact(path)',
      code: `${CONTEXT}run.log_image("confusion", path="outputs/confusion.png", description="d")\n`,
      errors: [{ ...logImage('mlflow.log_artifact(...)'), line: 3, column: 1 }],
      output: `import mlflow\n${CONTEXT}mlflow.log_artifact("outputs/confusion.png")\n`,
    },
    {
      name: 'the path as the second positional argument',
      code: `${CONTEXT}run.log_image("c", image_path)`,
      errors: 1,
      output: `import mlflow\n${CONTEXT}mlflow.log_artifact(image_path)`,
    },
    {
      name: 'plot= the pyplot module → its current figure, never a new one',
      code: `${PLT}plt.plot(xs, ys)\nrun.log_image("roc", plot=plt)`,
      errors: [logImage('mlflow.log_figure(..., "roc.png")')],
      output: `import mlflow\n${PLT}plt.plot(xs, ys)\nmlflow.log_figure(plt.gcf(), "roc.png")`,
    },
    {
      name: 'pyplot imported as `from matplotlib import pyplot`, in an earlier cell',
      cells: ['from matplotlib import pyplot\nimport mlflow', CONTEXT, 'run.log_image(name="loss curve", plot=pyplot)'],
      errors: [{ messageId: 'logImage', cell: 3, cellLine: 1, cellColumn: 1 }],
      output: ['from matplotlib import pyplot\nimport mlflow', CONTEXT, 'mlflow.log_figure(pyplot.gcf(), "loss_curve.png")'],
    },
    {
      name: 'a name that already ends in .png keeps its extension once (never "acc_over_epochs.png.png")',
      code: `${PLT}plt.plot(accs)\nrun.log_image("acc_over_epochs.png", plot=plt)\nrun.log_image("Loss.PNG", plot=plt)\nrun.log_image(".png", plot=plt)`,
      errors: [
        logImage('mlflow.log_figure(..., "acc_over_epochs.png")'),
        logImage('mlflow.log_figure(..., "Loss.PNG")'),
        logImage('mlflow.log_figure(..., "png.png")'),
      ],
      output:
        `import mlflow\n${PLT}plt.plot(accs)\nmlflow.log_figure(plt.gcf(), "acc_over_epochs.png")\n` +
        'mlflow.log_figure(plt.gcf(), "Loss.PNG")\nmlflow.log_figure(plt.gcf(), "png.png")',
    },
    {
      name: 'a Figure object is passed as is',
      code: `${PLT}fig, ax = plt.subplots()\nrun.log_image("hist", plot=fig)\nrun.log_image("cur", plot=plt.gcf())`,
      errors: 2,
      output: `import mlflow\n${PLT}fig, ax = plt.subplots()\nmlflow.log_figure(fig, "hist.png")\nmlflow.log_figure(plt.gcf(), "cur.png")`,
    },
    {
      name: 'a plot name the program never binds (a %pylab magic): suggestion',
      cells: ['%pylab inline', CONTEXT, 'run.log_image("p", plot=plt)'],
      errors: [
        {
          messageId: 'cannotFix',
          suggestions: [{ messageId: 'useMlflow', output: ['%pylab inline', `import mlflow\n${CONTEXT}`, 'mlflow.log_figure(plt, "p.png")'] }],
        },
      ],
      output: null,
    },
    {
      name: 'a fixed name inside a loop: suggestion (the figure file would be overwritten)',
      code: `${PLT}for fig in figs:\n    run.log_image("fig", plot=fig)`,
      errors: [{ messageId: 'cannotFix', data: { mlflow: 'mlflow', replacement: 'mlflow.log_figure(..., "fig.png")', reason: 'it logs under a fixed name inside a loop, and each call would overwrite "fig.png"' } }],
      output: null,
    },
    {
      name: 'both path and plot, or neither: no fix',
      code: `${PLT}run.log_image("a", path="a.png", plot=plt)\nrun.log_image("b")`,
      errors: [
        { messageId: 'cannotFix', data: { mlflow: 'mlflow', replacement: 'mlflow.log_artifact(...)', reason: 'it passes both path and plot' } },
        { messageId: 'cannotFix', data: { mlflow: 'mlflow', replacement: 'mlflow.log_artifact(...)', reason: 'it passes neither path nor plot' } },
      ],
      output: null,
    },
    {
      name: 'a remote run: suggestion with run_id',
      code: `${PLT}from azureml.core import Experiment\nremote = Experiment(ws, "e").submit(cfg)\nremote.log_image("roc", plot=plt)`,
      errors: [
        {
          messageId: 'otherRun',
          suggestions: [
            {
              messageId: 'useWithRunId',
              output: `import mlflow\n${PLT}from azureml.core import Experiment\nremote = Experiment(ws, "e").submit(cfg)\nmlflow.log_figure(plt.gcf(), "roc.png", run_id=remote.id)`,
            },
          ],
        },
      ],
      output: null,
    },
  ],
});
