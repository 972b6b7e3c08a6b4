// Accounts, devices, tokens and profiles.
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { LIMITS, USERNAME_PATTERN } from './limits.js';

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME_PATTERN, 'username must be 3-32 characters of a-z, 0-9, _ and .')
  .meta({ description: '3-32 characters of [a-z0-9_.], case-insensitive (stored lowercase)' });

export const Password = z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax);
export const DisplayName = z.string().trim().min(1).max(LIMITS.displayNameMax);
export const About = z.string().trim().max(LIMITS.aboutMax);
export const DeviceName = z.string().trim().min(1).max(LIMITS.deviceNameMax);

export const User = z
  .object({
    id: Id,
    username: z.string(),
    displayName: z.string(),
    about: z.string(),
    /** Where signed-in users GET the user's avatar; null when they have none. */
    avatarUrl: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const RegisterRequest = z
  .strictObject({
    username: Username,
    password: Password,
    displayName: DisplayName.optional(),
    deviceName: DeviceName.optional(),
  })
  .meta({ id: 'RegisterRequest' });
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const LoginRequest = z
  .strictObject({
    username: z.string().trim().toLowerCase().min(1).max(LIMITS.usernameMax),
    password: z.string().min(1).max(LIMITS.passwordMax),
    deviceName: DeviceName.optional(),
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const TokenPair = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: Timestamp,
  refreshToken: z.string(),
});

export const AuthResponse = z.object({ user: User, deviceId: Id }).extend(TokenPair.shape).meta({ id: 'AuthResponse' });
export type AuthResponse = z.infer<typeof AuthResponse>;

export const RefreshRequest = z
  .strictObject({ refreshToken: z.string().min(1).max(512) })
  .meta({ id: 'RefreshRequest' });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const RefreshResponse = z.object({ deviceId: Id }).extend(TokenPair.shape).meta({ id: 'RefreshResponse' });
export type RefreshResponse = z.infer<typeof RefreshResponse>;

export const MeResponse = z.object({ user: User }).meta({ id: 'MeResponse' });
export type MeResponse = z.infer<typeof MeResponse>;

export const UpdateProfileRequest = z
  .strictObject({ displayName: DisplayName.optional(), about: About.optional() })
  .refine((v) => v.displayName !== undefined || v.about !== undefined, 'nothing to update')
  .meta({ id: 'UpdateProfileRequest' });
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

export const UserResponse = z.object({ user: User }).meta({ id: 'UserResponse' });

export const UserSearchQuery = z.strictObject({
  prefix: z.string().trim().toLowerCase().min(1).max(LIMITS.usernameMax),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type UserSearchQuery = z.infer<typeof UserSearchQuery>;

export const UserListResponse = z.object({ users: z.array(User) }).meta({ id: 'UserListResponse' });
export type UserListResponse = z.infer<typeof UserListResponse>;

export const Device = z
  .object({
    id: Id,
    name: z.string(),
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
    current: z.boolean(),
  })
  .meta({ id: 'Device' });
export type Device = z.infer<typeof Device>;

export const DeviceListResponse = z.object({ devices: z.array(Device) }).meta({ id: 'DeviceListResponse' });
export type DeviceListResponse = z.infer<typeof DeviceListResponse>;
