// pick (first stand-in): picks nothing; writes an empty RELION coordinate STAR and says so ('none').
import { createImage } from '../../lib/image.js';
import { createStepHandler, imagePng } from '../../lib/steps/index.js';
import type { StepDefinition } from '../../lib/steps/index.js';

const EMPTY_STAR = `
# version 30001

data_

loop_
_rlnCoordinateX #1
_rlnCoordinateY #2
_rlnAutopickFigureOfMerit #3
`;

export const pick: StepDefinition<{ count: number }> = {
  step: 'pick',
  async run({ params }) {
    return {
      files: [
        { suffix: '.star', body: EMPTY_STAR, contentType: 'text/plain' },
        { suffix: '_picks.png', body: await imagePng(createImage(64, 64)), contentType: 'image/png' },
      ],
      result: { count: 0 },
      software: { implementation: 'none', version: '0' },
      parameters: { particleDiameterA: params.particleDiameterA },
    };
  },
};

export default createStepHandler(pick);
