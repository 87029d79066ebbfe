// ctffind (first stand-in): power spectrum and its rotational average of the micrograph, no CTF fit ('spectrum-only').
import { readMrc } from '../../lib/formats/mrc/index.js';
import { cropImage, fft2d, initFft, powerSpectrum, radialAverage } from '../../lib/fft/index.js';
import { micrographKey } from '../../lib/events/pipeline.js';
import { createStepHandler, imagePng } from '../../lib/steps/index.js';
import type { StepDefinition } from '../../lib/steps/index.js';

/** Largest FFT-friendly square (multiple of 32) inside the micrograph. */
const box = (w: number, h: number): number => Math.max(32, Math.floor(Math.min(w, h) / 32) * 32);

export const ctffind: StepDefinition<{ fitted: false; boxSize: number; meanPower: number }> = {
  step: 'ctffind',
  async run({ ref, store, params, log }) {
    const key = micrographKey(ref);
    const [micrograph] = readMrc(await store.getBytes(key), key).images;
    const n = box(micrograph.width, micrograph.height);
    await initFft();
    const spectrum = powerSpectrum(fft2d(n, n).forward(cropImage(micrograph, n, n)), { log: true });
    const avrot = radialAverage(spectrum);
    const meanPower = spectrum.data.reduce((a, b) => a + b, 0) / spectrum.data.length;
    log.info('spectrum', { boxSize: n });
    const rows = Array.from(avrot, (v, i) => `${(i / (n * params.pixelSizeA)).toFixed(6)} ${v.toFixed(6)}`);
    const header = `# spectrum-only stand-in: no CTF fit (cryoem-daq)\n# micrograph ${key}, box ${n}, pixel size ${params.pixelSizeA} A\n`;
    return {
      files: [
        { suffix: '.txt', body: `${header}# no fit: columns of CTFFIND4 output are not written\n`, contentType: 'text/plain' },
        { suffix: '_avrot.txt', body: `${header}# spatial frequency (1/A), mean log power\n${rows.join('\n')}\n`, contentType: 'text/plain' },
        { suffix: '_spectrum.png', body: await imagePng(spectrum), contentType: 'image/png' },
      ],
      result: { fitted: false, boxSize: n, meanPower },
      software: { implementation: 'spectrum-only', version: '0' },
      parameters: { pixelSizeA: params.pixelSizeA, boxSize: n },
    };
  },
};

export default createStepHandler(ctffind);
