using System.Text.Json;
using SnsTelegram.Sdk.Tests.Delivery;

namespace SnsTelegram.Sdk.Tests.Notifications;

/// <summary>The user id rule (<see cref="SnsUserId"/>) where user ids enter the library in code: the notifier and the payload factory.</summary>
public sealed class UserIdRuleTests
{
    public static TheoryData<string, string> BadIds => new()
    {
        { string.Empty, "empty" },
        { "   ", "empty" },
        { "\t\u3000", "empty" },
        { new string('u', SnsUserId.MaxLength + 1), "at most 128 characters" },
        { "alice\0admin", "control characters" },
        { "line\nbreak", "control characters" },
        { "bad<lone surrogate>half", "lone surrogate" },
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task NotifyAsync_and_its_friends_refuse_a_bad_user_id_with_a_clear_message(string given, string mention)
    {
        // a lone surrogate does not survive the test runner's serialization of theory data, so it is made here
        var userId = given.Replace("<lone surrogate>", "\ud800", StringComparison.Ordinal);
        await using var h = DeliveryHarness.Create();
        using var payload = JsonDocument.Parse("""{"platform":"instagram"}""");

        (await Should.ThrowAsync<ArgumentException>(async () => await h.Notifier.NotifyAsync(new TestMessage(userId)))).Message.ShouldContain(mention);
        (await Should.ThrowAsync<ArgumentException>(async () => await h.Notifier.UpdateAsync(new TestMessage(userId)))).Message.ShouldContain(mention);
        (await Should.ThrowAsync<ArgumentException>(async () => await h.Notifier.NotifyAsync(NotificationTypes.PostSuccess, userId, payload.RootElement))).Message.ShouldContain(mention);
        Should.Throw<ArgumentException>(() => SnsNotificationFactory.Create(NotificationTypes.PostSuccess, userId, payload.RootElement)).Message.ShouldContain(mention);
        (await h.Outbox.GetStatsAsync(DeliveryHarness.Start)).Pending.ShouldBe(0L);
    }

    [Fact]
    public async Task A_user_id_at_the_limit_with_emoji_is_accepted()
    {
        await using var h = DeliveryHarness.Create();
        var userId = new string('u', SnsUserId.MaxLength - 2) + "\U0001F600";
        await h.LinkAsync(userId, 1);

        (await h.Notifier.NotifyAsync(new TestMessage(userId))).Status.ShouldBe(NotifyStatus.Queued);
        SnsUserId.IsValid(userId).ShouldBeTrue();
    }
}
