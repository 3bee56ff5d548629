// A lint worker thread's script in the bundle (dist/bundle/lint-worker.cjs, CommonJS like the executable): the
// engine through the code cache (read only: the main thread writes it).
import { loadEngine } from '../cli/engine-loader.js';

void loadEngine().exports.serveLintRequests();
