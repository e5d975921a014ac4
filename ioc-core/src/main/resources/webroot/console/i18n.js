// The shell's words, Vietnamese by default and English with ?lang=en, times in Asia/Ho_Chi_Minh,
// and the one DOM helper every part of the console builds with (text only, never HTML from data).
export const lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'vi';

const WORDS = {
  vi: {
    title: 'Trung tâm điều hành thông minh Cần Thơ', devices: 'thiết bị', online: 'trực tuyến',
    zone: 'Xã/phường', all: 'Toàn thành phố', mine: 'Khu vực được giao', switchLang: 'English',
    live: 'Trực tiếp', offline: 'Mất kết nối', skip: 'Đến bảng điều hành', tiles: 'Chỉ số', map: 'Bản đồ',
    side: 'Bảng điều hành', close: 'Đóng',
    domains: { water: 'Quan trắc nước', traffic: 'Giao thông', lighting: 'Chiếu sáng', flood: 'Chống ngập' },
    status: { online: 'Đang hoạt động', offline: 'Mất tín hiệu', unknown: 'Chưa có dữ liệu' },
    lastSeen: 'Lần cuối', statusLabel: 'Trạng thái', zoneLabel: 'Xã/phường', domainLabel: 'Lĩnh vực',
    login: 'Đăng nhập', username: 'Tên đăng nhập', password: 'Mật khẩu', logout: 'Đăng xuất',
    badLogin: 'Sai tên đăng nhập hoặc mật khẩu', locked: 'Đăng nhập tạm khóa do nhập sai quá nhiều lần. Vui lòng thử lại sau.',
    loginFailed: 'Không đăng nhập được, vui lòng thử lại',
    devicesOnline: 'Thiết bị trực tuyến', openAlerts: 'Cảnh báo đang mở',
    severities: { watch: 'Cấp 1', warning: 'Cấp 2', critical: 'Cấp 3' },
    alerts: 'Cảnh báo', anyDomain: 'Mọi lĩnh vực', anyZone: 'Mọi xã/phường', anySeverity: 'Mọi mức',
    severity: 'Mức độ', noAlerts: 'Không có cảnh báo đang mở', acknowledge: 'Xác nhận',
    acknowledged: 'Đã xác nhận', states: { raised: 'Mới', acknowledged: 'Đã xác nhận', cleared: 'Đã hết, chờ xác nhận', closed: 'Đã đóng' },
    ackFailed: 'Không xác nhận được', latest: 'Giá trị mới nhất', chart: 'Diễn biến 24 giờ', noData: 'Chưa có dữ liệu',
    openAlertsOf: 'Cảnh báo đang mở', twin: 'Trạng thái mong muốn và thực tế', desired: 'Mong muốn',
    reported: 'Thực tế', noTwin: 'Chưa có lệnh nào', commandStatus: 'Lệnh', differs: 'Khác nhau',
    controls: 'Điều khiển', cluster: '{n} thiết bị', legendOffline: 'Mất tín hiệu', clusterHint: 'Nhóm thiết bị: nhấn để phóng to'
  },
  en: {
    title: 'Can Tho Intelligent Operations Centre', devices: 'devices', online: 'online',
    zone: 'Commune/ward', all: 'Whole city', mine: 'My area', switchLang: 'Tiếng Việt',
    live: 'Live', offline: 'Disconnected', skip: 'Skip to the operations panel', tiles: 'Indicators', map: 'Map',
    side: 'Operations panel', close: 'Close',
    domains: { water: 'Water quality', traffic: 'Traffic', lighting: 'Lighting', flood: 'Flood control' },
    status: { online: 'Online', offline: 'Offline', unknown: 'No data yet' },
    lastSeen: 'Last seen', statusLabel: 'Status', zoneLabel: 'Commune/ward', domainLabel: 'Domain',
    login: 'Sign in', username: 'User name', password: 'Password', logout: 'Sign out',
    badLogin: 'Wrong user name or password', locked: 'Sign-in is locked after too many wrong passwords. Try again later.',
    loginFailed: 'Could not sign in, please try again',
    devicesOnline: 'Devices online', openAlerts: 'Open alerts',
    severities: { watch: 'Level 1', warning: 'Level 2', critical: 'Level 3' },
    alerts: 'Alerts', anyDomain: 'All domains', anyZone: 'All communes', anySeverity: 'All levels',
    severity: 'Severity', noAlerts: 'No open alerts', acknowledge: 'Acknowledge',
    acknowledged: 'Acknowledged', states: { raised: 'New', acknowledged: 'Acknowledged', cleared: 'Cleared, to acknowledge', closed: 'Closed' },
    ackFailed: 'Could not acknowledge', latest: 'Latest values', chart: 'Last 24 hours', noData: 'No data yet',
    openAlertsOf: 'Open alerts', twin: 'Desired and reported state', desired: 'Desired',
    reported: 'Reported', noTwin: 'No command yet', commandStatus: 'Command', differs: 'Differs',
    controls: 'Controls', cluster: '{n} devices', legendOffline: 'Offline', clusterHint: 'Group of devices: press to zoom in'
  }
};

export const T = WORDS[lang];

export const timeFmt = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB',
  { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'medium' });

export function time(iso) { return iso ? timeFmt.format(new Date(iso)) : '–'; }

/** A number as people here write it (1.234,5 in Vietnamese). */
export function number(v, digits) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  const d = digits ?? (Number.isInteger(v) ? 0 : 2);
  return v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** Fills {name} placeholders. */
export function fill(text, values) { return text.replace(/\{(\w+)\}/g, (m, k) => String(values[k])); }

/** An element with properties (style and dataset objects merged) and children (text or nodes). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'style' && typeof v === 'object') Object.assign(node.style, v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('aria') || k === 'role' || k === 'for') node.setAttribute(k.replace(/^aria([A-Z])/, (m, c) => 'aria-' + c.toLowerCase()), v);
    else node[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

/** Text set into the page by element id. */
export function text(id, value) { const node = document.getElementById(id); if (node) node.textContent = value; }

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** UCUM units as people read them. */
export function unit(u) { return ({ 'Cel': '°C', '[ppth]': '‰', '[pH]': '', '/h': 'xe/h', '1': '' })[u] ?? (u || ''); }
