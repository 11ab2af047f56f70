// Entry of a simulation worker thread. Plain JavaScript so that it starts under any loader: it
// registers tsx (a dependency of medflow) and then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
