// Task (worker or inline): renders one EER fraction from its raw frames onto shared memory (frameSet's first pass).
import { renderEerFraction } from '../formats/eer/index.js';
import type { EerFractionPlan } from '../formats/eer/index.js';
import { shared } from './framePacking.js';

export default function eerFractionTask(plan: EerFractionPlan): Float32Array {
  const u = plan.upsampling;
  const width = plan.width * u;
  const height = plan.height * u;
  const data = shared(Float32Array, width * height);
  renderEerFraction(plan, { width, height, data });
  return data;
}
