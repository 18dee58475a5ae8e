export const vi = {
  'signIn.title': 'Đăng nhập',
  'signIn.intro': 'Đăng nhập bằng tài khoản do đơn vị cấp.',
  'signIn.username': 'Tên đăng nhập',
  'signIn.password': 'Mật khẩu',
  'signIn.submit': 'Đăng nhập',
  'signIn.working': 'Đang đăng nhập…',
  'signIn.required': 'Nhập tên đăng nhập và mật khẩu.',
  'signIn.errorSummary': 'Chưa đăng nhập được:',
} as const;

export const en: Record<keyof typeof vi, string> = {
  'signIn.title': 'Sign in',
  'signIn.intro': 'Sign in with the account your unit gave you.',
  'signIn.username': 'Username',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.working': 'Signing in…',
  'signIn.required': 'Enter your username and password.',
  'signIn.errorSummary': 'Could not sign in:',
};
