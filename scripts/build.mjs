// `npm run build`: what `npm start` and `npm test` build (TypeScript with the aliases resolved, the
// workflow bundle, the web app), each step skipped when its sources did not change.
import { build } from './lib/stack.mjs';

build();
