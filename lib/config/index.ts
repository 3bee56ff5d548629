// Configuration: the resolver the CLI uses, its error type, and the pieces the RuleTester reuses.
export { ConfigError } from './errors.js';
export { ConfigResolver, type ConfigResolverOptions } from './resolver.js';
export { validateRuleOptions, withDefaultOptions } from './rule-options.js';
export { parseRuleEntry, toSeverity } from './severity.js';
export { CONFIG_FILE_NAME } from './layers.js';
