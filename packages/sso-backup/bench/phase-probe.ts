import { backup, restore } from '../src/backup/index.js';

const [cmd, a, b] = process.argv.slice(2) as [string, string, string];
const t0 = Date.now();
let last = '';
const onProgress = (p: { phase: string; table?: string }) => {
  const k = `${p.phase} ${p.table ?? ''}`;
  if (k !== last) {
    console.log(((Date.now() - t0) / 1000).toFixed(2), k);
    last = k;
  }
};
if (cmd === 'backup') await backup(a, b, { onProgress });
else await restore(a, b, { force: true, onProgress });
console.log(((Date.now() - t0) / 1000).toFixed(2), 'end');
