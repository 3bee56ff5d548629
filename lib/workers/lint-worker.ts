// A lint worker thread's script, unbundled (the bundle's is bundle-worker.ts).
import { serveLintRequests } from './worker-thread.js';

serveLintRequests();
