// The environment of a user's shell for tests that run npm or a runner's steps: none of the npm_* variables
// `npm test` sets for its script (they would point npm at this project's configuration).
export const userEnv = (): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && value !== undefined) env[key] = value;
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
};
