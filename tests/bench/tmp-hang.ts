import { benchFanout } from './fanout.js';
console.log(await benchFanout({ members: 40, enforced: 100, declared: 100 }));
