const Sequencer = require('@jest/test-sequencer').default;

const ORDER = ['/test/unit/', '/test/workflows/', '/test/replay/', '/test/readme/', '/test/integration/', '/test/e2e/', '/test/faults/'];
const rank = (path) => {
  const index = ORDER.findIndex((folder) => path.includes(folder));
  return index === -1 ? ORDER.length : index;
};

/** Runs the suites from the fastest kind to the slowest: unit, workflow, replay, the README's
 * walk-throughs (first on the shared stack: the demo binômes' envelopes are whole), integration,
 * browser, and last the fault suite (it stops and restarts the shared services). */
class SuiteOrder extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || long(b.path) - long(a.path) || a.path.localeCompare(b.path));
  }
}

/** The browser suites that wait on real deadlines start first, one per worker, while the others run beside them. */
const LONG = ['/test/e2e/call.spec.ts', '/test/e2e/agreement-path.spec.ts'];
const long = (path) => {
  const index = LONG.findIndex((suffix) => path.endsWith(suffix));
  return index === -1 ? 0 : LONG.length - index;
};

module.exports = SuiteOrder;
