// Prints the closing lines CI reads: tests per backend and per Terraform CLI, then "tests: N passed, N failed, N skipped".
// A test runs on a backend when one of its describe blocks is named "[consul] …", "[emulator] …" (or "[differential] …"),
// and with a Terraform CLI when one is named "[terraform] …" or "[tofu] …".
const CLIS = new Set(['terraform', 'tofu']);

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const counts = new Map();
    const count = (key) => counts.set(key, (counts.get(key) ?? 0) + 1);
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'passed') continue;
        // Every leading tag of every title: "[tofu] [emulator] …" names both.
        const tags = test.ancestorTitles.flatMap((title) => [.../^(?:\[\w+\]\s*)+/.exec(title)?.[0].matchAll(/\[(\w+)\]/g) ?? []].map((match) => match[1]));
        const backend = tags.find((tag) => !CLIS.has(tag));
        const cli = tags.find((tag) => CLIS.has(tag));
        if (backend !== undefined) count(`backend ${backend}`);
        if (cli !== undefined) count(`terraform CLI ${cli}`);
      }
    }
    const lines = [''];
    for (const [key, passed] of [...counts].sort()) lines.push(`${key}: ${passed} tests passed`);
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    lines.push(`tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
    process.stdout.write(lines.join('\n') + '\n');
  }
}
module.exports = SummaryReporter;
