// JSON shapes the dashboard API answers with (shared by the server routes and the web page).

export type StepStatus = 'waiting' | 'queued' | 'running' | 'done' | 'failed';
export const UI_STEPS = ['motioncor', 'ctffind', 'pick', 'finalize'] as const;
export type UiStep = (typeof UI_STEPS)[number];

export interface SessionSummary {
  experiment: string;
  session: string;
  movies: number;
  /** Movies whose last step (finalize, or the last deployed) is done. */
  done: number;
  failed: number;
  /** ISO time of the newest object of the session. */
  lastActivity: string | null;
}

export interface MovieRow {
  movie: string;
  /** Raw object key. */
  key: string;
  /** Acquisition time (ISO): recorded by the microscope or the mirror when known, else the raw object's LastModified. */
  acquired: string;
  /** Where `acquired` came from: 'upload' (object time) or a metadata source (lib/metadata). */
  acquiredSource?: string;
  /** Optics processed on built-in defaults (pixelSizeA, voltageKv, dosePerFrame), [] when none. */
  opticsDefaults?: string[];
  size: number;
  steps: Record<UiStep, StepStatus>;
  /** Error text per failed step. */
  errors: Partial<Record<UiStep, string>>;
  /** Total drift along the trajectory (Å), from motioncor's shifts. */
  totalDriftA: number | null;
  /** Mean defocus (Å) of the CTF fit. */
  defocusA: number | null;
  /** Resolution (Å) to which the CTF fit holds. */
  fitResolutionA: number | null;
  /** The CTF step's ice numbers: water-ring ratio (about 1 = no ice) and node thickness (Å); absent/null when not reported. */
  relativeIceThickness?: number | null;
  iceThicknessA?: number | null;
  particles: number | null;
  /** The pick result's diameters and warnings; absent before pick is done. */
  pick?: PickInfo | null;
  /** motioncor's per-frame shifts (pixels), for the drift trajectory. */
  shifts: [number, number][] | null;
  /** Keys of the images to show (thumbnail, spectrum, picks, drift), when written. */
  images: { thumbnail?: string; spectrum?: string; picks?: string; drift?: string };
}

export interface PickInfo {
  /** As stated for the pick: "80" or "70-110" (Å); null in results older than pick version 2. */
  statedDiameterA: string | null;
  /** Median per-pick diameter (Å), null when nothing was picked. */
  estimatedDiameterA: number | null;
  warnings: string[];
}

export interface SessionDetail {
  experiment: string;
  session: string;
  movies: MovieRow[];
  /** Session-level pick warnings (lib/pick sessionPickWarnings): empty micrographs among full ones, a collapse, a size mismatch. */
  pickWarnings?: string[];
}
