using System.Globalization;
using System.Text;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Formatting;

/// <summary>
/// What the bot says in its own conversations (commands, buttons, linking), in Korean and English. Every text is
/// valid Telegram HTML; values put into a text are escaped.
/// </summary>
internal abstract class BotTexts
{
    public static BotTexts Korean { get; } = new KoreanBotTexts();

    public static BotTexts English { get; } = new EnglishBotTexts();

    public abstract string Language { get; }

    public static BotTexts For(string? language) =>
        string.Equals(language, SnsLanguages.English, StringComparison.OrdinalIgnoreCase) ? English : Korean;

    public abstract string Linked(TelegramChatType chatType);

    public abstract string TokenRefused(LinkTokenConsumeStatus status);

    public abstract string ChatCode(string code, TimeSpan lifetime);

    public abstract string TurnedOnAgain { get; }

    public abstract string AlreadyLinked { get; }

    /// <summary>A group's link was started by someone who is not one of its administrators; the link stays unused.</summary>
    public abstract string GroupAdminRequired { get; }

    /// <summary>A link code was asked for in a group by someone who is not one of its administrators; no code is shown.</summary>
    public abstract string GroupCodeAdminRequired { get; }

    /// <summary>Telegram did not say whether the sender is an administrator; the link stays unused.</summary>
    public abstract string GroupAdminCheckFailed { get; }

    public abstract string NotLinked { get; }

    public abstract string Status(IReadOnlyList<ChatLink> links);

    public abstract string Stopped { get; }

    public abstract string NothingToStop { get; }

    public abstract string Help { get; }

    public abstract string ShortHelp { get; }


    public abstract string Muted(string type);

    public abstract string Unmuted(string type);

    public abstract string StoppedAnswer { get; }

    public abstract string NotLinkedAnswer { get; }

    public abstract string RetryUnavailable { get; }

    public abstract string RetryAmbiguous { get; }

    public abstract string UnknownAction { get; }

    public abstract string RetryFailed { get; }

    /// <summary>The answer to a button pressed again after its action already ran for that message.</summary>
    public abstract string AlreadyDone { get; }

    // The /settings preference centre (SettingsMenu).

    public abstract string SettingsTitle { get; }

    public abstract string SettingsLanguage { get; }

    public abstract string SettingsTimeZone { get; }

    public abstract string SettingsReportTime { get; }

    public abstract string SettingsNotifications { get; }

    public abstract string SettingsMuted { get; }

    public abstract string SettingsQuietHours { get; }

    public abstract string SettingsDigest { get; }

    public abstract string SettingsCurrent { get; }

    public abstract string SettingsChoose { get; }

    public abstract string SettingsChooseRegion { get; }

    public abstract string SettingsChooseRegionOrLocation { get; }

    public abstract string SettingsShareLocation { get; }

    public abstract string SettingsBack { get; }

    public abstract string SettingsMuteHint { get; }

    public abstract string SettingsDigestHint { get; }

    public abstract string SettingsOff { get; }

    public abstract string SettingsNone { get; }

    /// <summary>The answer to a change made with a /settings button.</summary>
    public abstract string Saved { get; }

    /// <summary>/settings (or its buttons) in a chat several accounts share.</summary>
    public abstract string SettingsSharedChat { get; }

    /// <summary>The answer when the per-user limit of settings changes is reached.</summary>
    public abstract string SettingsTooMany { get; }

    /// <summary>A quiet-hours mode button pressed while quiet hours are off.</summary>
    public abstract string QuietHoursOffFirst { get; }

    /// <summary>The message with the "send my location" keyboard.</summary>
    public abstract string LocationPrompt { get; }

    /// <summary>The label of the reply keyboard's location button.</summary>
    public abstract string LocationButton { get; }

    /// <summary>The answer to "share location" outside a private chat.</summary>
    public abstract string LocationPrivateOnly { get; }

    /// <summary>The reply to a shared location: the zone it was mapped to.</summary>
    public abstract string LocationSet(string zoneId);

    /// <summary>The label of /status's button that unmutes a type.</summary>
    public abstract string UnmuteButton(string type);

    /// <summary>A language's own name.</summary>
    public static string LanguageName(string language) =>
        string.Equals(language, SnsLanguages.English, StringComparison.OrdinalIgnoreCase) ? "English" : "한국어";

    public abstract string RegionName(string region);

    /// <summary>The city of a curated zone (<see cref="TimeZoneChoices"/>), in this language.</summary>
    public abstract string CityName(string zoneId);

    /// <summary>"15 min".</summary>
    public abstract string MinutesLabel(int minutes);

    public abstract string QuietModeName(QuietHoursMode mode);

    /// <summary>Quiet hours in one line: "off", or "22:00–07:00, silent".</summary>
    public string QuietSummary(QuietHours? quiet) => quiet is { } q ? $"{QuietRange(q)}, {QuietModeName(q.Mode)}" : SettingsOff;

    /// <summary>The digest window in one line: "off", or "every 60 min".</summary>
    public abstract string DigestSummary(int minutes);

    /// <summary>The command menu for <c>setMyCommands</c> (plain text).</summary>
    public abstract IReadOnlyList<(string Command, string Description)> Commands { get; }

    public abstract string TypeName(string type);

    protected abstract string ReasonText(string? reason);

    /// <summary>Escapes text for Telegram's HTML.</summary>
    public static string Escape(string text) => TelegramHtml.Escape(text);

    protected static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    protected static int Minutes(TimeSpan lifetime) => Math.Max(1, (int)Math.Round(lifetime.TotalMinutes));

    /// <summary>A weekday's short name.</summary>
    protected abstract string DayName(DayOfWeek day);

    /// <summary>The types a link digests, by name.</summary>
    protected string DigestList(ChatLink link) =>
        string.Join(", ", NotificationTypes.All.Where((link.DigestTypes ?? ChatLink.DigestTypesDefault).Contains).Select(TypeName));

    /// <summary>"22:00–07:00", and the days when they are not every day: "22:00–07:00 (Fri, Sat)".</summary>
    protected string QuietRange(QuietHours quiet)
    {
        var range = $"{quiet.Start.ToString("HH:mm", CultureInfo.InvariantCulture)}–{quiet.End.ToString("HH:mm", CultureInfo.InvariantCulture)}";
        if (quiet.Days is WeekDays.All or WeekDays.None)
        {
            return range;
        }

        var days = Enum.GetValues<DayOfWeek>().Where(d => (quiet.Days & (WeekDays)(1 << (int)d)) != 0).Select(DayName);
        return $"{range} ({string.Join(", ", days)})";
    }

    protected string MutedList(IReadOnlyList<ChatLink> links)
    {
        var muted = links.SelectMany(l => l.MutedTypes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return muted.Count == 0 ? string.Empty : string.Join(", ", muted.Select(t => Escape(TypeName(t))));
    }

    protected string Reason(string? reason) => Escape(ReasonText(reason));

    private sealed class KoreanBotTexts : BotTexts
    {
        public override string Language => SnsLanguages.Korean;

        public override string Linked(TelegramChatType chatType) => chatType == TelegramChatType.Private
            ? "✅ <b>텔레그램 연동 완료</b>\n\n예약 게시물 알림을 이 채팅으로 보내드립니다.\n/status 연동 상태 · /stop 알림 끄기 · /help 도움말"
            : "✅ <b>이 그룹에 계정이 연동되었습니다</b>\n\n예약 게시물 알림을 이 그룹으로 보내드립니다.\n/status 연동 상태 · /stop 알림 끄기 · /help 도움말";

        public override string TokenRefused(LinkTokenConsumeStatus status) => status switch
        {
            LinkTokenConsumeStatus.AlreadyUsed => "❌ <b>이미 사용된 연동 링크입니다.</b>\n연동 링크는 한 번만 쓸 수 있습니다. 앱에서 새 링크를 받아 주세요.",
            LinkTokenConsumeStatus.Expired => "⏰ <b>연동 링크가 만료되었습니다.</b>\n앱에서 새 링크를 받아 주세요.",
            LinkTokenConsumeStatus.Retired => "❌ <b>더 새로운 연동 링크가 발급되었습니다.</b>\n이 링크는 더 이상 쓸 수 없습니다. 앱에서 가장 최근 링크를 사용해 주세요.",
            _ => "❌ <b>유효하지 않은 연동 링크입니다.</b>\n앱에서 새 링크를 받아 주세요.",
        };

        public override string ChatCode(string code, TimeSpan lifetime) =>
            $"🔗 <b>텔레그램 연동 코드</b>\n\n앱의 텔레그램 연동 화면에 아래 코드를 입력하세요.\n<code>{Escape(code)}</code>\n\n{Minutes(lifetime)}분 동안 한 번만 사용할 수 있습니다.";

        public override string TurnedOnAgain => "🔔 <b>알림을 다시 켰습니다.</b>\n/stop 으로 언제든 끌 수 있습니다.";

        public override string AlreadyLinked => "✅ 이 채팅은 이미 연동되어 있고 알림이 켜져 있습니다.\n다른 계정을 연동하려면 /link 를 보내세요.";

        public override string GroupAdminRequired => "🔒 <b>그룹 관리자만 이 그룹을 연동할 수 있습니다.</b>\n관리자에게 앱의 그룹 연동 링크를 열어 달라고 요청해 주세요. 링크는 아직 유효합니다.";

        public override string GroupCodeAdminRequired => "🔒 <b>그룹 관리자만 이 그룹을 연동할 수 있습니다.</b>\n관리자가 /link 를 보내 연동 코드를 받아야 합니다.";

        public override string GroupAdminCheckFailed => "⚠️ <b>관리자인지 확인하지 못했습니다.</b>\n잠시 후 같은 링크로 다시 시도해 주세요.";

        public override string NotLinked => "ℹ️ 이 채팅은 아직 계정에 연동되지 않았습니다.\n앱에서 텔레그램 연동 링크를 열거나 /link 로 연동 코드를 받으세요.";

        protected override string DayName(DayOfWeek day) => "일월화수목금토"[(int)day].ToString();

        public override string Status(IReadOnlyList<ChatLink> links)
        {
            if (links.Count == 0)
            {
                return NotLinked;
            }

            var first = links.MinBy(l => l.LinkedAt)!;
            var builder = new StringBuilder("📊 <b>연동 상태</b>\n\n");
            if (links.Any(l => l.Enabled))
            {
                builder.Append("🔔 알림: <b>켜짐</b>\n");
            }
            else
            {
                builder.Append("🔕 알림: <b>꺼짐</b> (").Append(Reason(links[0].DisabledReason)).Append(")\n");
            }

            builder.Append("🕐 연동 시각: ").Append(Utc(first.LinkedAt)).Append('\n');
            if (links.Count > 1)
            {
                builder.Append("👥 연동된 계정: ").Append(links.Count.ToString(CultureInfo.InvariantCulture)).Append("개\n");
            }

            var muted = MutedList(links);
            if (muted.Length > 0)
            {
                builder.Append("🔇 끈 알림: ").Append(muted).Append('\n');
            }

            if (links.Count == 1 && links[0].DigestMinutes > 0)
            {
                builder.Append("📬 요약: ").Append(links[0].DigestMinutes.ToString(CultureInfo.InvariantCulture)).Append("분마다 (").Append(DigestList(links[0])).Append(")\n");
            }

            if (links.Count == 1 && links[0].QuietHours is { } quiet)
            {
                builder.Append("🌙 방해 금지: ").Append(QuietRange(quiet))
                    .Append(quiet.Mode == QuietHoursMode.Hold ? ", 끝나면 요약으로 전달" : ", 무음")
                    .Append(quiet.UrgentBypass ? ", 긴급 알림은 바로" : string.Empty).Append('\n');
            }

            builder.Append(links.Any(l => l.Enabled) ? "\n/stop 알림 끄기" : "\n/start 알림 다시 켜기");
            return builder.ToString();
        }

        public override string Stopped => "🔕 <b>알림을 껐습니다.</b>\n다시 받으려면 /start 를 보내세요.";

        public override string NothingToStop => "ℹ️ 이 채팅은 계정에 연동되어 있지 않아 끌 알림이 없습니다.";

        public override string Help =>
            "🤖 <b>명령어</b>\n\n/start — 이 채팅 연동, 또는 꺼진 알림 다시 켜기\n/link — 앱에 입력할 연동 코드 받기\n/status — 연동 및 알림 상태\n/settings — 언어, 시간대, 알림 설정\n/stop — 알림 끄기\n/help — 도움말";

        public override string ShortHelp => "명령어를 이해하지 못했습니다. /help 로 사용할 수 있는 명령어를 확인하세요.";


        public override string Muted(string type) => $"🔇 {TypeName(type)} 알림을 껐습니다";

        public override string Unmuted(string type) => $"🔔 {TypeName(type)} 알림을 켰습니다";

        public override string StoppedAnswer => "🔕 알림을 껐습니다. /start 로 다시 켤 수 있습니다";

        public override string NotLinkedAnswer => "이 채팅은 계정에 연동되어 있지 않습니다";

        public override string RetryUnavailable => "이 앱에서는 텔레그램에서 재시도할 수 없습니다";

        public override string RetryAmbiguous => "여러 계정이 연동된 채팅입니다. 앱에서 재시도해 주세요";

        public override string UnknownAction => "알 수 없는 버튼입니다";

        public override string RetryFailed => "재시도를 요청하지 못했습니다. 앱에서 다시 시도해 주세요";

        public override string AlreadyDone => "이미 처리된 요청입니다";

        public override string SettingsTitle => "⚙️ <b>설정</b>";

        public override string SettingsLanguage => "🌐 언어";

        public override string SettingsTimeZone => "🕐 시간대";

        public override string SettingsReportTime => "📊 일일 리포트";

        public override string SettingsNotifications => "🔔 알림 종류";

        public override string SettingsMuted => "🔇 끈 알림";

        public override string SettingsQuietHours => "🌙 방해 금지";

        public override string SettingsDigest => "📬 요약";

        public override string SettingsCurrent => "현재";

        public override string SettingsChoose => "바꿀 항목을 고르세요.";

        public override string SettingsChooseRegion => "지역을 고르세요.";

        public override string SettingsChooseRegionOrLocation => "지역을 고르거나 위치를 공유하세요.";

        public override string SettingsShareLocation => "📍 위치 공유";

        public override string SettingsBack => "⬅️ 뒤로";

        public override string SettingsMuteHint => "누르면 켜고 끕니다. 🔔 켜짐 · 🔇 꺼짐";

        public override string SettingsDigestHint => "알림을 정해진 시간 동안 모아 한 번에 보냅니다 (실패 알림은 바로).";

        public override string SettingsOff => "끔";

        public override string SettingsNone => "없음";

        public override string Saved => "저장했습니다";

        public override string SettingsSharedChat => "ℹ️ 여러 계정이 연동된 채팅이라 여기서는 설정을 바꿀 수 없습니다. 앱에서, 또는 봇과의 개인 채팅에서 바꿔 주세요.";

        public override string SettingsTooMany => "설정을 너무 자주 바꿨습니다. 잠시 후 다시 시도해 주세요";

        public override string QuietHoursOffFirst => "먼저 방해 금지 시간을 고르세요";

        public override string LocationPrompt => "📍 아래 버튼을 눌러 위치를 보내 주세요. 가장 가까운 시간대로 설정합니다.\n위치는 시간대를 고르는 데만 쓰고 저장하지 않습니다.";

        public override string LocationButton => "📍 내 위치 보내기";

        public override string LocationPrivateOnly => "위치 공유는 봇과의 개인 채팅에서만 됩니다";

        public override string LocationSet(string zoneId) =>
            $"🕐 시간대를 <b>{Escape(CityName(zoneId))}</b> ({Escape(zoneId)})로 설정했습니다.\n/settings 에서 언제든 바꿀 수 있습니다.";

        public override string UnmuteButton(string type) => $"🔔 {TypeName(type)} 알림 켜기";

        public override string RegionName(string region) => region switch
        {
            "asia" => "아시아",
            "europe" => "유럽",
            "america" => "아메리카",
            "oceania" => "오세아니아",
            _ => region,
        };

        public override string CityName(string zoneId) => zoneId switch
        {
            "Asia/Seoul" => "서울",
            "Asia/Tokyo" => "도쿄",
            "Asia/Shanghai" => "상하이",
            "Asia/Singapore" => "싱가포르",
            "Asia/Kolkata" => "콜카타",
            "Europe/London" => "런던",
            "Europe/Berlin" => "베를린",
            "Europe/Paris" => "파리",
            "Europe/Moscow" => "모스크바",
            "America/New_York" => "뉴욕",
            "America/Chicago" => "시카고",
            "America/Denver" => "덴버",
            "America/Los_Angeles" => "로스앤젤레스",
            "America/Sao_Paulo" => "상파울루",
            "Australia/Sydney" => "시드니",
            "Pacific/Auckland" => "오클랜드",
            _ => zoneId,
        };

        public override string MinutesLabel(int minutes) => minutes.ToString(CultureInfo.InvariantCulture) + "분";

        public override string QuietModeName(QuietHoursMode mode) => mode == QuietHoursMode.Hold ? "모았다가 끝나면 전달" : "무음";

        public override string DigestSummary(int minutes) => minutes > 0 ? MinutesLabel(minutes) + "마다" : SettingsOff;

        public override IReadOnlyList<(string Command, string Description)> Commands { get; } =
        [
            ("start", "이 채팅 연동 또는 알림 다시 켜기"),
            ("link", "앱에 입력할 연동 코드 받기"),
            ("status", "연동 및 알림 상태"),
            ("settings", "언어, 시간대, 알림 설정"),
            ("stop", "알림 끄기"),
            ("help", "도움말"),
        ];

        public override string TypeName(string type) => type switch
        {
            NotificationTypes.PostSuccess => "게시 성공",
            NotificationTypes.PostFailure => "게시 실패",
            NotificationTypes.AutomationExecuted => "자동화 실행",
            NotificationTypes.DailySummary => "일일 리포트",
            NotificationTypes.Test => "테스트",
            _ => type,
        };

        protected override string ReasonText(string? reason) => reason switch
        {
            ChatLinkDisabledReasons.StoppedByUser => "/stop 으로 끔",
            ChatLinkDisabledReasons.BotBlocked => "봇이 차단되었거나 채팅에서 제거됨",
            ChatLinkDisabledReasons.ChatNotFound => "채팅을 찾을 수 없음",
            ChatLinkDisabledReasons.UserDeactivated => "텔레그램 계정 비활성화",
            null => "앱에서 끔",
            _ => reason,
        };
    }

    private sealed class EnglishBotTexts : BotTexts
    {
        public override string Language => SnsLanguages.English;

        public override string Linked(TelegramChatType chatType) => chatType == TelegramChatType.Private
            ? "✅ <b>Telegram linked</b>\n\nYou will get notifications about your scheduled posts in this chat.\n/status link status · /stop turn notifications off · /help help"
            : "✅ <b>An account was linked to this group</b>\n\nNotifications about scheduled posts will arrive in this group.\n/status link status · /stop turn notifications off · /help help";

        public override string TokenRefused(LinkTokenConsumeStatus status) => status switch
        {
            LinkTokenConsumeStatus.AlreadyUsed => "❌ <b>This link was already used.</b>\nA link works once. Get a new link in the app.",
            LinkTokenConsumeStatus.Expired => "⏰ <b>This link has expired.</b>\nGet a new link in the app.",
            LinkTokenConsumeStatus.Retired => "❌ <b>A newer link was issued.</b>\nThis one no longer works. Use the most recent link from the app.",
            _ => "❌ <b>This link is not valid.</b>\nGet a new link in the app.",
        };

        public override string ChatCode(string code, TimeSpan lifetime) =>
            $"🔗 <b>Telegram link code</b>\n\nEnter this code on the app's Telegram linking screen:\n<code>{Escape(code)}</code>\n\nIt works once, for {Minutes(lifetime)} minutes.";

        public override string TurnedOnAgain => "🔔 <b>Notifications are on again.</b>\nSend /stop to turn them off at any time.";

        public override string AlreadyLinked => "✅ This chat is linked and notifications are on.\nTo link another account, send /link.";

        public override string GroupAdminRequired => "🔒 <b>Only a group administrator can link this group.</b>\nAsk an administrator to open the group link from the app. The link is still valid.";

        public override string GroupCodeAdminRequired => "🔒 <b>Only a group administrator can link this group.</b>\nAn administrator sends /link to get a link code.";

        public override string GroupAdminCheckFailed => "⚠️ <b>Could not check that you are an administrator.</b>\nTry the same link again in a moment.";

        public override string NotLinked => "ℹ️ This chat is not linked to an account yet.\nOpen the Telegram link from the app, or send /link to get a link code.";

        protected override string DayName(DayOfWeek day) => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(day);

        public override string Status(IReadOnlyList<ChatLink> links)
        {
            if (links.Count == 0)
            {
                return NotLinked;
            }

            var first = links.MinBy(l => l.LinkedAt)!;
            var builder = new StringBuilder("📊 <b>Link status</b>\n\n");
            if (links.Any(l => l.Enabled))
            {
                builder.Append("🔔 Notifications: <b>on</b>\n");
            }
            else
            {
                builder.Append("🔕 Notifications: <b>off</b> (").Append(Reason(links[0].DisabledReason)).Append(")\n");
            }

            builder.Append("🕐 Linked at: ").Append(Utc(first.LinkedAt)).Append('\n');
            if (links.Count > 1)
            {
                builder.Append("👥 Linked accounts: ").Append(links.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            var muted = MutedList(links);
            if (muted.Length > 0)
            {
                builder.Append("🔇 Muted: ").Append(muted).Append('\n');
            }

            if (links.Count == 1 && links[0].DigestMinutes > 0)
            {
                builder.Append("📬 Digest: every ").Append(links[0].DigestMinutes.ToString(CultureInfo.InvariantCulture)).Append(" min (").Append(DigestList(links[0])).Append(")\n");
            }

            if (links.Count == 1 && links[0].QuietHours is { } quiet)
            {
                builder.Append("🌙 Quiet hours: ").Append(QuietRange(quiet))
                    .Append(quiet.Mode == QuietHoursMode.Hold ? ", held and sent as a digest when they end" : ", silent")
                    .Append(quiet.UrgentBypass ? ", urgent messages go through" : string.Empty).Append('\n');
            }

            builder.Append(links.Any(l => l.Enabled) ? "\n/stop turns notifications off" : "\n/start turns notifications on again");
            return builder.ToString();
        }

        public override string Stopped => "🔕 <b>Notifications are off.</b>\nSend /start to turn them on again.";

        public override string NothingToStop => "ℹ️ This chat is not linked to an account, so there is nothing to turn off.";

        public override string Help =>
            "🤖 <b>Commands</b>\n\n/start — link this chat, or turn notifications back on\n/link — get a code to enter in the app\n/status — link and notification status\n/settings — language, time zone and notifications\n/stop — turn notifications off\n/help — this help";

        public override string ShortHelp => "I did not understand that. Send /help to see what I can do.";


        public override string Muted(string type) => $"🔇 {TypeName(type)} notifications muted";

        public override string Unmuted(string type) => $"🔔 {TypeName(type)} notifications on";

        public override string StoppedAnswer => "🔕 Notifications are off. Send /start to turn them on again";

        public override string NotLinkedAnswer => "This chat is not linked to an account";

        public override string RetryUnavailable => "Retrying from Telegram is not available in this app";

        public override string RetryAmbiguous => "Several accounts use this chat; please retry in the app";

        public override string UnknownAction => "Unknown button";

        public override string RetryFailed => "The retry could not be requested; please try again in the app";

        public override string AlreadyDone => "Already done";

        public override string SettingsTitle => "⚙️ <b>Settings</b>";

        public override string SettingsLanguage => "🌐 Language";

        public override string SettingsTimeZone => "🕐 Time zone";

        public override string SettingsReportTime => "📊 Daily report";

        public override string SettingsNotifications => "🔔 Notifications";

        public override string SettingsMuted => "🔇 Muted";

        public override string SettingsQuietHours => "🌙 Quiet hours";

        public override string SettingsDigest => "📬 Digest";

        public override string SettingsCurrent => "Now";

        public override string SettingsChoose => "Choose what to change.";

        public override string SettingsChooseRegion => "Choose a region.";

        public override string SettingsChooseRegionOrLocation => "Choose a region, or share your location.";

        public override string SettingsShareLocation => "📍 Share location";

        public override string SettingsBack => "⬅️ Back";

        public override string SettingsMuteHint => "Press a type to turn it on or off. 🔔 on · 🔇 muted";

        public override string SettingsDigestHint => "Notifications are collected for this long and sent as one message (failures still arrive at once).";

        public override string SettingsOff => "off";

        public override string SettingsNone => "none";

        public override string Saved => "Saved";

        public override string SettingsSharedChat => "ℹ️ Several accounts use this chat, so settings cannot be changed here. Change them in the app, or in your private chat with the bot.";

        public override string SettingsTooMany => "Too many settings changes. Try again in a moment";

        public override string QuietHoursOffFirst => "Choose quiet hours first";

        public override string LocationPrompt => "📍 Press the button below to send your location; the nearest time zone will be set.\nThe location is used only to choose the time zone and is not stored.";

        public override string LocationButton => "📍 Send my location";

        public override string LocationPrivateOnly => "Sharing a location works in a private chat with the bot";

        public override string LocationSet(string zoneId) =>
            $"🕐 Time zone set to <b>{Escape(CityName(zoneId))}</b> ({Escape(zoneId)}).\nChange it at any time with /settings.";

        public override string UnmuteButton(string type) => $"🔔 Unmute {TypeName(type)}";

        public override string RegionName(string region) => region switch
        {
            "asia" => "Asia",
            "europe" => "Europe",
            "america" => "America",
            "oceania" => "Oceania",
            _ => region,
        };

        public override string CityName(string zoneId) => zoneId switch
        {
            "America/Sao_Paulo" => "São Paulo",
            _ => zoneId[(zoneId.LastIndexOf('/') + 1)..].Replace('_', ' '),
        };

        public override string MinutesLabel(int minutes) => minutes.ToString(CultureInfo.InvariantCulture) + " min";

        public override string QuietModeName(QuietHoursMode mode) => mode == QuietHoursMode.Hold ? "held until they end" : "silent";

        public override string DigestSummary(int minutes) => minutes > 0 ? "every " + MinutesLabel(minutes) : SettingsOff;

        public override IReadOnlyList<(string Command, string Description)> Commands { get; } =
        [
            ("start", "Link this chat or turn notifications back on"),
            ("link", "Get a code to enter in the app"),
            ("status", "Link and notification status"),
            ("settings", "Language, time zone and notification settings"),
            ("stop", "Turn notifications off"),
            ("help", "Help"),
        ];

        public override string TypeName(string type) => type switch
        {
            NotificationTypes.PostSuccess => "Post published",
            NotificationTypes.PostFailure => "Post failed",
            NotificationTypes.AutomationExecuted => "Automation",
            NotificationTypes.DailySummary => "Daily report",
            NotificationTypes.Test => "Test",
            _ => type,
        };

        protected override string ReasonText(string? reason) => reason switch
        {
            ChatLinkDisabledReasons.StoppedByUser => "turned off with /stop",
            ChatLinkDisabledReasons.BotBlocked => "the bot was blocked or removed from the chat",
            ChatLinkDisabledReasons.ChatNotFound => "the chat no longer exists",
            ChatLinkDisabledReasons.UserDeactivated => "the Telegram account was deactivated",
            null => "turned off in the app",
            _ => reason,
        };
    }
}
