// Architecture rules checked by `npm run depcheck` (and test/architecture.test.ts): no import circles, and each
// unit that runs imports only lib/ — never another unit. The single-machine orchestrator wires the units together.
const UNITS = ['gateway', 'connector', 'store', 'dashboard', 'cli', 'functions'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'an import circle (type-only imports count too)', from: {}, to: { circular: true } },
    { name: 'lib-stands-alone', severity: 'error', comment: 'lib/ imports nothing outside lib/', from: { path: '^lib/' }, to: { path: '^(?!lib/|node_modules/)', dependencyTypesNot: ['core'] } },
    ...UNITS.map((unit) => ({
      name: `${unit}-imports-only-lib`,
      severity: 'error',
      comment: `${unit}/ may import lib/ and its own files only`,
      from: { path: `^${unit}/` },
      to: { path: '^(?!lib/|node_modules/)', pathNot: `^${unit}/`, dependencyTypesNot: ['core'] },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|dashboard/dist|coverage|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
