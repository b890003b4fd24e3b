/**
 * The tutor on a real terminal with the in-memory lab (fake-services.ts): what the tmux walk drives
 * on a branch where the lesson loader and the lab runner are not merged yet.
 *   npx tsx test/tutor/support/demo-tutor.tsx [--plain]
 */
import { startTutor } from '../../../src/cli/tutor.js';
import { createFakeServices } from './fake-services.js';

const code = await startTutor({ root: process.cwd(), labId: '02', plain: process.argv.includes('--plain'), services: createFakeServices() });
process.exit(code);
