// The package root (the folder with package.json and the recommended preset). Compiled to dist/lib/, and the
// bundle sits in dist/bundle/: both two levels below the root, so one relative URL serves both.
export const PACKAGE_ROOT = new URL('../../', import.meta.url);
