/**
 * The worker thread of `openmdr detect --threads N`: the stateless stage (parse, normalise,
 * Sigma) over chunks of lines. Its first answer carries the rule problems of its setup.
 *
 * @module
 */
import { createDetectStage, type DetectChunk, type DetectStageSetup } from './detect-stage.js';
import { serveChunks } from './serve-chunks.js';

await serveChunks<DetectChunk | 'problems', unknown>(async (setup) => {
  const stage = await createDetectStage(setup as DetectStageSetup);
  return (task) => (task === 'problems' ? stage.problems : stage.run(task));
});
