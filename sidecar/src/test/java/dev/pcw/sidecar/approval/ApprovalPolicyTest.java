package dev.pcw.sidecar.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each rule of approval, and what each refusal says. */
class ApprovalPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final String HASH = "h1";
    private static final String VERSION = "2026-11-29T08:00:00Z|Pending Submission";

    private static ApprovalPolicy.Pending pending(String action, Set<String> approvedBy) {
        return new ApprovalPolicy.Pending(action, "alice", HASH, VERSION, T0, approvedBy);
    }

    @Test
    void byDefaultOneOtherPrincipalApprovesWithinSevenDays() {
        ApprovalPolicy p = ApprovalPolicy.DEFAULT;
        assertThat(p.mode("create_opportunity")).isEqualTo(ApprovalPolicy.Mode.REQUIRED);
        assertThat(p.expiry()).isEqualTo(Duration.ofDays(7));
        ApprovalPolicy.Decision d =
                p.approve(pending("update_opportunity", Set.of()), "bob", HASH, VERSION, T0);
        assertThat(d.outcome).isEqualTo("approved");
        assertThat(d.refused()).isFalse();
        assertThat(d.approvedBy).containsExactly("bob");
    }

    @Test
    void theRequesterCannotApproveTheirOwnAction() {
        ApprovalPolicy.Decision d =
                ApprovalPolicy.DEFAULT.approve(
                        pending("create_opportunity", Set.of()), "alice", HASH, VERSION, T0);
        assertThat(d.outcome).isEqualTo("self_approval");
        assertThat(d.refused()).isTrue();
        assertThat(d.message).contains("alice requested this action and cannot approve it");
        assertThat(d.approvedBy).isEmpty();
    }

    @Test
    void severalApproversAreCountedOnceEach() {
        ApprovalPolicy p = ApprovalPolicy.of(Map.of("approvers.submit_opportunity", "2"));
        ApprovalPolicy.Decision first =
                p.approve(pending("submit_opportunity", Set.of()), "bob", HASH, VERSION, T0);
        assertThat(first.outcome).isEqualTo("counted");
        assertThat(first.message).isEqualTo("approval 1 of 2 counted");
        ApprovalPolicy.Decision again =
                p.approve(pending("submit_opportunity", Set.of("bob")), "bob", HASH, VERSION, T0);
        assertThat(again.outcome).isEqualTo("already_approved");
        ApprovalPolicy.Decision second =
                p.approve(pending("submit_opportunity", Set.of("bob")), "carol", HASH, VERSION, T0);
        assertThat(second.outcome).isEqualTo("approved");
        assertThat(second.approvedBy).containsExactlyInAnyOrder("bob", "carol");
        // Other actions keep one approver.
        assertThat(p.approversNeeded("create_opportunity")).isEqualTo(1);
    }

    @Test
    void anApprovalOfAnotherRequestOrVersionIsStale() {
        ApprovalPolicy p = ApprovalPolicy.DEFAULT;
        ApprovalPolicy.Decision otherBody =
                p.approve(pending("update_opportunity", Set.of()), "bob", "h2", VERSION, T0);
        assertThat(otherBody.outcome).isEqualTo("stale");
        assertThat(otherBody.message).contains("its hash differs");
        ApprovalPolicy.Decision otherVersion =
                p.approve(
                        pending("update_opportunity", Set.of()),
                        "bob",
                        HASH,
                        "2026-11-30T09:00:00Z|In review",
                        T0);
        assertThat(otherVersion.outcome).isEqualTo("stale");
        assertThat(otherVersion.message)
                .contains("2026-11-30T09:00:00Z|In review")
                .contains(VERSION);
    }

    @Test
    void anApprovalAfterTheExpiryIsRefused() {
        ApprovalPolicy p = ApprovalPolicy.of(Map.of("expiry_days", "1"));
        assertThat(
                        p.approve(
                                        pending("create_opportunity", Set.of()),
                                        "bob",
                                        HASH,
                                        VERSION,
                                        T0.plus(Duration.ofHours(23)))
                                .outcome)
                .isEqualTo("approved");
        ApprovalPolicy.Decision late =
                p.approve(
                        pending("create_opportunity", Set.of()),
                        "bob",
                        HASH,
                        VERSION,
                        T0.plus(Duration.ofDays(1)));
        assertThat(late.outcome).isEqualTo("expired");
        assertThat(late.message).contains("expired at 2026-12-01T10:00:00Z");
    }

    @Test
    void modesArePerActionAndDisabledRefuses() {
        ApprovalPolicy p =
                ApprovalPolicy.of(Map.of("mode", "auto", "mode.start_engagement", "disabled"));
        assertThat(p.mode("create_opportunity")).isEqualTo(ApprovalPolicy.Mode.AUTO);
        assertThat(p.mode("start_engagement")).isEqualTo(ApprovalPolicy.Mode.DISABLED);
        assertThat(
                        p.approve(pending("start_engagement", Set.of()), "bob", HASH, VERSION, T0)
                                .outcome)
                .isEqualTo("disabled");
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> ApprovalPolicy.of(Map.of("mode", "sometimes")))
                .hasMessage("action_approval_mode is 'sometimes': use required, auto or disabled");
        assertThatThrownBy(() -> ApprovalPolicy.of(Map.of("approvers.create_opportunity", "0")))
                .hasMessage("action_approvers.create_opportunity is 0: use 1 to 5");
        assertThatThrownBy(() -> ApprovalPolicy.of(Map.of("expiry_days", "soon")))
                .hasMessage("action_approval_expiry_days is 'soon': use a whole number");
        assertThatThrownBy(() -> ApprovalPolicy.of(Map.of("approver", "2")))
                .hasMessageContaining("unknown approval setting 'approver'");
    }
}
