// Parses an AsyncAPI document with the official parser and fails on any diagnostic of severity
// error; warnings and hints are printed.
import { readFile } from 'node:fs/promises';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';

const file = process.argv[2];
if (!file) {
  console.error('usage: node check-asyncapi.mjs DOCUMENT');
  process.exit(2);
}
const { document, diagnostics } = await new Parser().parse(await readFile(file, 'utf8'), {
  source: file,
});
const names = { 0: 'error', 1: 'warning', 2: 'information', 3: 'hint' };
for (const d of diagnostics) {
  const at = d.path && d.path.length ? ` at ${d.path.join('.')}` : '';
  console.log(`${file}: ${names[d.severity] ?? d.severity}${at}: ${d.message} (${d.code})`);
}
const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
if (!document || errors.length > 0) {
  console.error(`${file}: not a valid AsyncAPI document (${errors.length} error(s))`);
  process.exit(1);
}
console.log(
  `${file}: valid AsyncAPI ${document.version()}, ${document.channels().length} channel(s),` +
    ` ${document.operations().length} operation(s), ${document.messages().length} message(s)`,
);
