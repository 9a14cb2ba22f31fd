// Prints the closing lines CI reads: tests per backend, then "tests: N passed, N failed, N skipped".
// A test runs on a backend when its outermost describe block is named "[consul] …" or "[emulator] …".
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const perBackend = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        const match = /^\[(\w+)\]/.exec(test.ancestorTitles[0] ?? '');
        if (match === null || test.status !== 'passed') continue;
        perBackend.set(match[1], (perBackend.get(match[1]) ?? 0) + 1);
      }
    }
    const lines = [''];
    for (const [backend, count] of [...perBackend].sort()) lines.push(`backend ${backend}: ${count} tests passed`);
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    lines.push(`tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
    process.stdout.write(lines.join('\n') + '\n');
  }
}
module.exports = SummaryReporter;
