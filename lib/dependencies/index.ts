// Where Python code declares its packages (design.md "Packages"): package names, notebook install lines, and the
// dependency files around a file. Shared by the dependency rules and the project model.
export * from './package-names.js';
export * from './install-lines.js';
export * from './declared-files.js';
export * from './add-packages.js';
