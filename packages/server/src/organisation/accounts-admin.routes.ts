import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { RowProblemsError } from '@giaoban/core';
import type { AccountRow } from '@giaoban/db';
import { ROLE_LABELS } from '../accounts/index.ts';
import type { ServiceContext } from '../infra/index.ts';
import { languageOf, presentInstant, type Language } from '../http/index.ts';
import {
  createAccount, listAccounts, resetAccountCredential, signOutAccount, updateAccount, type AccountWithCredential,
} from './accounts-admin.service.ts';
import { uploadAccounts } from './account-upload.service.ts';
import {
  accountCredentialResponse, accountListResponse, accountParams, accountResponse, accountsParams, accountsQuery,
  createAccountBody, resetAccountBody, signedOutResponse, updateAccountBody,
} from './accounts-admin.schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const manage = { permission: 'accounts.manage', unit: { from: 'params', key: 'unitCode' } } as const;

/** An account as it leaves the server: the fields listed here and nothing else (never a hash). */
export function presentAccount(a: AccountRow, lang: Language) {
  return {
    username: a.username, displayName: a.displayName, role: a.role, roleLabel: ROLE_LABELS[a.role][lang],
    unit: { code: a.unitCode, name: a.unitName }, email: a.email, language: a.language, active: a.active,
    mustChangePassword: a.mustChangePassword, lastSignIn: a.lastSignInAt ? presentInstant(a.lastSignInAt) : null,
    createdAt: presentInstant(a.createdAt),
  };
}

function presentCredential(r: AccountWithCredential, lang: Language) {
  return {
    account: presentAccount(r.account, lang),
    ...(r.temporaryPassword ? { temporaryPassword: r.temporaryPassword } : {}),
    ...(r.signInLink ? { signInLink: r.signInLink } : {}),
    ...(r.expiresAt ? { expiresAt: presentInstant(r.expiresAt) } : {}),
  };
}

export async function accountsAdminRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // The upload is the file's bytes as they are (no multipart wrapping), a workbook or CSV text.
  app.addContentTypeParser([XLSX, 'application/octet-stream', 'text/csv'], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  r.get('/api/v1/units/:unitCode/accounts', {
    config: { access: manage },
    schema: {
      tags: ['accounts'], summary: 'Tài khoản của đơn vị và các đơn vị trực thuộc (theo mã đơn vị, rồi tên đăng nhập)',
      params: accountsParams, querystring: accountsQuery, response: { 200: accountListResponse },
    },
  }, async (request) => {
    const accounts = await listAccounts(ctx, request.params.unitCode, { subtree: request.query.subtree !== 'false' });
    const lang = languageOf(request);
    return { accounts: accounts.map((a) => presentAccount(a, lang)) };
  });

  r.post('/api/v1/units/:unitCode/accounts', {
    config: { access: manage },
    schema: {
      tags: ['accounts'], summary: 'Tạo tài khoản (mật khẩu tạm hoặc đường dẫn đăng nhập dùng một lần, chỉ hiện một lần)',
      params: accountsParams, body: createAccountBody, response: { 201: accountCredentialResponse },
    },
  }, async (request, reply) => {
    const made = await createAccount(ctx, request.params.unitCode, request.actor, request.body);
    return reply.status(201).header('cache-control', 'no-store').send(presentCredential(made, languageOf(request)));
  });

  r.patch('/api/v1/units/:unitCode/accounts/:username', {
    config: { access: manage },
    schema: {
      tags: ['accounts'], summary: 'Sửa tài khoản: họ tên, vai trò, email; vô hiệu hóa (đăng xuất mọi nơi) hoặc kích hoạt lại',
      params: accountParams, body: updateAccountBody, response: { 200: accountResponse },
    },
  }, async (request) => {
    const account = await updateAccount(ctx, request.params.unitCode, request.params.username, request.actor, request.body);
    return { account: presentAccount(account, languageOf(request)) };
  });

  r.post('/api/v1/units/:unitCode/accounts/:username/reset', {
    config: { access: manage },
    schema: {
      tags: ['accounts'], summary: 'Cấp lại mật khẩu tạm hoặc đường dẫn đăng nhập; tài khoản bị đăng xuất mọi nơi',
      params: accountParams, body: resetAccountBody, response: { 200: accountCredentialResponse },
    },
  }, async (request, reply) => {
    const made = await resetAccountCredential(ctx, request.params.unitCode, request.params.username, request.actor, request.body.credential);
    return reply.header('cache-control', 'no-store').send(presentCredential(made, languageOf(request)));
  });

  r.post('/api/v1/units/:unitCode/accounts/:username/sign-out-everywhere', {
    config: { access: manage },
    schema: { tags: ['accounts'], summary: 'Đăng xuất tài khoản ở mọi nơi', params: accountParams, response: { 200: signedOutResponse } },
  }, async (request) => ({ signedOut: await signOutAccount(ctx, request.params.unitCode, request.params.username, request.actor) }));

  r.post('/api/v1/units/:unitCode/accounts-upload', {
    config: { access: manage },
    schema: {
      tags: ['accounts'],
      summary: 'Tạo hàng loạt tài khoản từ tệp .xlsx hoặc .csv (mã đơn vị, tên đăng nhập, họ tên, email, vai trò); trả về tệp .xlsx có mật khẩu tạm, chỉ một lần',
      params: accountsParams,
    },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) {
      throw new RowProblemsError([{
        line: 0, column: 'file', message: 'Hãy gửi tệp .xlsx hoặc .csv (nội dung tệp, không bọc multipart).',
        messageEn: 'Send an .xlsx or .csv file (its bytes, not multipart).',
      }]);
    }
    const kind = (request.headers['content-type'] ?? '').startsWith('text/csv') ? 'csv' : 'xlsx';
    const result = await uploadAccounts(ctx, request.params.unitCode, request.actor, { body: request.body, kind });
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="${result.fileName}"`)
      .header('cache-control', 'no-store')
      .header('x-accounts-created', String(result.created))
      .send(result.file);
  });
}
