// brief(): code shortened for a message is still well-formed code: never cut inside a string, brackets closed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { brief } from '../rules/helpers/messages/brief.js';

test('short text is kept, on one line', () => {
  assert.is(brief('run.log("a", 1)'), 'run.log("a", 1)');
  assert.is(brief('mlflow.log_metrics(\n    {"a": 1,\n     "b": 2},\n)'), 'mlflow.log_metrics({"a": 1, "b": 2},)');
});

test('a long call is cut after a whole argument, with ... and its bracket closed', () => {
  // QA: the message read `use mlflow.log_artifact("outputs/metrics.json", artifact_path="… instead.`
  const call = 'mlflow.log_artifact("outputs/metrics.json", artifact_path="results/evaluation/2024")';
  assert.is(brief(call, 60), 'mlflow.log_artifact("outputs/metrics.json", ...)');
  // The longest cut that fits is taken.
  assert.is(brief('f(aaaa, bbbb, cccc, dddd, eeee, ffff, gggg)', 30), 'f(aaaa, bbbb, cccc, dddd, ...)');
});

test('commas and brackets inside strings are not cut points; nested brackets are all closed', () => {
  assert.is(brief('log("a, (b", {"k": [1, 2, 3], "v": "x, y"}, z)', 30), 'log("a, (b", {"k": [1, ...]})');
  assert.is(brief("t('''one,\n(two''', 'three', 'four')", 25), "t('''one, (two''', ...)");
  assert.is(brief('f("escaped \\" quote, still a string", 1)', 30), 'f(...)');
});

test('comments are dropped; a comment\'s brackets and quotes do not count', () => {
  assert.is(brief('f(a,  # it\'s (open\n  b)'), 'f(a, b)');
});

test('with no cut short enough, the shortest cut; with no brackets at all, the text whole', () => {
  assert.is(brief(`some_function_with_a_long_name("${'x'.repeat(50)}")`, 20), 'some_function_with_a_long_name(...)');
  const name = `"${'metric_'.repeat(12)}"`;
  assert.is(brief(name, 60), name);
});

test('every shortened text has balanced quotes and brackets', () => {
  const texts = [
    'mlflow.log_artifact("outputs/metrics.json", artifact_path="results/evaluation/2024")',
    'client.log_dict(run.id, {"rows": [[1, "a"], [2, "b"]], "columns": ["n", "s"]}, "table.json")',
    "mlflow.MlflowClient().log_artifact(remote_run.id, 'model.pkl', 'outputs/models/final')",
  ];
  for (const text of texts) {
    for (let max = 10; max <= text.length; max += 7) {
      const short = brief(text, max);
      const code = short.replace(/"[^"]*"|'[^']*'/g, 's');
      assert.not.match(code, /["']/, `${short}: unbalanced quote`);
      const depth = [...code].reduce((d, ch) => d + ('([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0), 0);
      assert.is(depth, 0, `${short}: unbalanced brackets`);
    }
  }
});

test.run();
