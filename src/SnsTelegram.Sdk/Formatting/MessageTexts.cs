using System.Globalization;

namespace SnsTelegram.Sdk.Formatting;

/// <summary>The words of every message in one language. Template strings hold no markup characters.</summary>
internal sealed class MessageTexts
{
    /// <summary>Korean; the original system's messages are the reference.</summary>
    public static readonly MessageTexts Korean = new()
    {
        Language = SnsLanguages.Korean,
        PublishedTitle = "SNS 게시 완료",
        Likes = "좋아요",
        Comments = "댓글",
        Shares = "공유",
        Views = "조회수",
        PublishedAt = "게시 시각",
        ViewPost = "🔗 게시물 보기",
        FailedTitle = "SNS 게시 실패",
        Error = "오류",
        UnknownError = "알 수 없는 오류",
        FailedAt = "실패 시각",
        Retry = "🔄 다시 시도",
        AutomationTitle = "자동화 규칙 실행",
        Rule = "규칙",
        Platforms = "플랫폼",
        NoPlatforms = "없음",
        Status = "상태",
        StatusCompleted = "완료",
        StatusPartial = "일부 완료",
        StatusFailed = "실패",
        Detail = "상세",
        ExecutedAt = "실행 시각",
        DailyTitle = "일일 SNS 리포트",
        DailyPosts = "게시물",
        DailySucceeded = "성공",
        DailyFailed = "실패",
        CountSuffix = "개",
        DailyEngagement = "총 참여",
        ByPlatform = "플랫폼별 통계:",
        NoPosts = "이날은 게시물이 없었습니다.",
        TestTitle = "테스트 메시지",
        TestBody = "SNS 알림이 이 채팅에 연결되어 있습니다. 게시 결과, 자동화 실행, 일일 리포트를 여기로 보내 드립니다.",
        TimeZone = "시간대",
        Mute = "🔕 이 알림 끄기",
        DigestTitle = "SNS 알림 요약",
        DigestHeldTitle = "방해 금지 시간 동안의 알림",
        DigestPosts = "게시물",
        DigestAutomations = "자동화 실행",
        DigestUntitled = "(내용 없음)",
    };

    /// <summary>English.</summary>
    public static readonly MessageTexts English = new()
    {
        Language = SnsLanguages.English,
        PublishedTitle = "Post published",
        Likes = "Likes",
        Comments = "Comments",
        Shares = "Shares",
        Views = "Views",
        PublishedAt = "Published",
        ViewPost = "🔗 View post",
        FailedTitle = "Post failed",
        Error = "Error",
        UnknownError = "Unknown error",
        FailedAt = "Failed at",
        Retry = "🔄 Retry",
        AutomationTitle = "Automation rule executed",
        Rule = "Rule",
        Platforms = "Platforms",
        NoPlatforms = "none",
        Status = "Status",
        StatusCompleted = "Completed",
        StatusPartial = "Partially completed",
        StatusFailed = "Failed",
        Detail = "Details",
        ExecutedAt = "Executed at",
        DailyTitle = "Daily SNS report",
        DailyPosts = "Posts",
        DailySucceeded = "Succeeded",
        DailyFailed = "Failed",
        CountSuffix = string.Empty,
        DailyEngagement = "Total engagement",
        ByPlatform = "By platform:",
        NoPosts = "No posts on this day.",
        TestTitle = "Test message",
        TestBody = "Your SNS notifications are connected to this chat. Post results, automation runs and the daily report will arrive here.",
        TimeZone = "Time zone",
        Mute = "🔕 Mute this type",
        DigestTitle = "SNS digest",
        DigestHeldTitle = "While you were in quiet hours",
        DigestPosts = "Posts",
        DigestAutomations = "Automation runs",
        DigestUntitled = "(no text)",
    };

    private static readonly string[] KoreanDays = ["일", "월", "화", "수", "목", "금", "토"];
    private static readonly string[] EnglishDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] EnglishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private Dictionary<string, IReadOnlyList<TelegramButton>>? _muteRows;

    private MessageTexts()
    {
    }

    /// <summary>Numbers with a comma between groups of three digits (<c>1,234</c>), the same on every machine.</summary>
    public NumberFormatInfo Numbers { get; } = NumberFormatInfo.InvariantInfo;

    public required string Language { get; init; }

    public required string PublishedTitle { get; init; }

    public required string Likes { get; init; }

    public required string Comments { get; init; }

    public required string Shares { get; init; }

    public required string Views { get; init; }

    public required string PublishedAt { get; init; }

    public required string ViewPost { get; init; }

    public required string FailedTitle { get; init; }

    public required string Error { get; init; }

    public required string UnknownError { get; init; }

    public required string FailedAt { get; init; }

    public required string Retry { get; init; }

    public required string AutomationTitle { get; init; }

    public required string Rule { get; init; }

    public required string Platforms { get; init; }

    public required string NoPlatforms { get; init; }

    public required string Status { get; init; }

    public required string StatusCompleted { get; init; }

    public required string StatusPartial { get; init; }

    public required string StatusFailed { get; init; }

    public required string Detail { get; init; }

    public required string ExecutedAt { get; init; }

    public required string DailyTitle { get; init; }

    public required string DailyPosts { get; init; }

    public required string DailySucceeded { get; init; }

    public required string DailyFailed { get; init; }

    /// <summary>The counter after a count of posts (<c>5개</c>); empty in English.</summary>
    public required string CountSuffix { get; init; }

    public required string DailyEngagement { get; init; }

    public required string ByPlatform { get; init; }

    public required string NoPosts { get; init; }

    public required string TestTitle { get; init; }

    public required string TestBody { get; init; }

    public required string TimeZone { get; init; }

    public required string Mute { get; init; }

    /// <summary>The title of a digest.</summary>
    public required string DigestTitle { get; init; }

    /// <summary>The title of a digest of messages held by quiet hours.</summary>
    public required string DigestHeldTitle { get; init; }

    public required string DigestPosts { get; init; }

    public required string DigestAutomations { get; init; }

    /// <summary>Shown for a digested event without a preview or rule name.</summary>
    public required string DigestUntitled { get; init; }

    /// <summary>The line after the listed events: "➕ 12 more" / "➕ 외 12개".</summary>
    public (string Before, string After) MoreEvents =>
        Language == SnsLanguages.Korean ? ("➕ 외 ", "개") : ("➕ and ", " more");

    /// <summary>The texts of a language code (<c>ko</c>, <c>en</c>, <c>ko-KR</c>...).</summary>
    /// <exception cref="ArgumentException">The language is not supported.</exception>
    public static MessageTexts For(string? language)
    {
        if (string.Equals(language, SnsLanguages.Korean, StringComparison.Ordinal))
        {
            return Korean;
        }

        if (string.Equals(language, SnsLanguages.English, StringComparison.Ordinal))
        {
            return English;
        }

        return SnsLanguages.Match(language) switch
        {
            SnsLanguages.Korean => Korean,
            SnsLanguages.English => English,
            _ => throw new ArgumentException(
                $"Messages are written in {string.Join(", ", SnsLanguages.Supported)}; '{language}' is not supported.", nameof(language)),
        };
    }

    /// <summary>The keyboard row with the "mute this type" button of a notification type (built once per language).</summary>
    public IReadOnlyList<TelegramButton> MuteRow(string type)
    {
        var rows = _muteRows ??= NotificationTypes.All.ToDictionary(
            t => t,
            t => (IReadOnlyList<TelegramButton>)Array.AsReadOnly([TelegramButton.Callback(Mute, CallbackData.Mute(t))]),
            StringComparer.Ordinal);
        return rows[type];
    }

    /// <summary>"2026년 2월 25일 (수)" or "Wed, Feb 25, 2026".</summary>
    public string FormatDate(DateOnly date) =>
        Language == SnsLanguages.Korean
            ? string.Create(CultureInfo.InvariantCulture, $"{date.Year}년 {date.Month}월 {date.Day}일 ({KoreanDays[(int)date.DayOfWeek]})")
            : string.Create(CultureInfo.InvariantCulture, $"{EnglishDays[(int)date.DayOfWeek]}, {EnglishMonths[date.Month - 1]} {date.Day}, {date.Year}");

    /// <summary>"3 게시" or "3 posts" / "1 post".</summary>
    public string PostsOnPlatform(long count) =>
        Language == SnsLanguages.Korean ? "게시" : count == 1 ? "post" : "posts";

    /// <summary>"실패 2" or "2 failed": the label before (Korean) or after (English) the count.</summary>
    public bool FailedLabelFirst => Language == SnsLanguages.Korean;

    /// <summary>"➕ 외 17개 플랫폼" or "➕ 17 more platforms" (the count is written by the caller).</summary>
    public (string Before, string After) MorePlatforms =>
        Language == SnsLanguages.Korean ? ("➕ 외 ", "개 플랫폼") : ("➕ ", " more platforms");
}
