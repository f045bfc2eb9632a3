/**
 * The shipped platform profiles: profiles.json, which `dcsim calibrate` writes (the
 * calibration's output is the shipped data; see README, "Virtualization").
 */
import data from './profiles.json' with { type: 'json' };
import type { PlatformProfile } from './profile.js';

export interface ProfileFile {
  generated_by: string;
  parameters: Record<string, number>;
  fit: { row: string; published: number; model: number; error_pct: number }[];
  residual: number;
  profiles: Record<string, PlatformProfile>;
}

export const SHIPPED: ProfileFile = data as unknown as ProfileFile;

export const shippedProfile = (name: string): PlatformProfile | undefined => SHIPPED.profiles[name];
export const shippedNames = (): string[] => Object.keys(SHIPPED.profiles);
