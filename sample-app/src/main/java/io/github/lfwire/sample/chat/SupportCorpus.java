package io.github.lfwire.sample.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * The fake help center of Acme Drive, a cloud file storage service: articles, FAQ entries
 * and solved tickets.
 */
final class SupportCorpus {

	private static final int DOCUMENT_BYTES = 3800;

	private static final List<Topic> TOPICS = List.of(
			new Topic("share-folder", "Share a folder with your team",
					"Open the folder, choose Share and enter your teammates' email addresses.",
					"Each person gets an email invitation and the folder appears under Shared with me.",
					"Team admins can share a folder with a whole group at once from the admin console."),
			new Topic("permissions", "Viewer, commenter and editor permissions",
					"Choose Viewer when you share a folder to make it read-only for the people you invite.",
					"Editors can add, change and delete files, while viewers can only open and download them.",
					"You can change anyone's permission later from the Share dialog of the folder."),
			new Topic("share-links", "Share links, passwords and expiry dates",
					"A share link lets anyone with the link open a file without an Acme Drive account.",
					"On the Pro and Business plans you can protect a link with a password and an expiry date.",
					"Disable a link from the Share dialog to revoke access at once."),
			new Topic("duplicate-charge", "Charged twice for one invoice",
					"A second charge for the same invoice is usually a pending authorization from a retried payment.",
					"Pending authorizations disappear from your bank statement within five business days.",
					"If both charges are still there after five days, support refunds the duplicate to the same card."),
			new Topic("invoices", "Find and download your invoices",
					"Your invoices are under Settings, Billing, Invoice history.",
					"Each invoice lists the plan, the billing period, the taxes and the card that was charged.",
					"A copy of every invoice is emailed to the billing contact on the day of the charge."),
			new Topic("change-plan", "Upgrade, downgrade or cancel your plan",
					"Upgrades take effect at once and are prorated for the rest of the billing period.",
					"Downgrades and cancellations take effect at the end of the current billing period.",
					"After a cancellation your files stay available read-only for thirty days."),
			new Topic("sync-issues", "Files that do not sync",
					"Check that the desktop app says Up to date and that you are signed in to the right account.",
					"Files larger than 50 GB or with reserved characters in their names are listed under Sync issues.",
					"Pausing and resuming sync makes the desktop app rescan your Acme Drive folder."),
			new Topic("conflicted-copies", "Conflicted copies",
					"When a file changes on two devices before either syncs, Acme Drive keeps both versions.",
					"The version saved second is renamed with the device name and the words conflicted copy.",
					"Compare the two files, keep the one you want and delete the other."),
			new Topic("two-step", "Two-step verification",
					"Turn on two-step verification under Settings, Security to protect your sign in.",
					"After your password, Acme Drive asks for a code from your authenticator app.",
					"Save your backup codes somewhere safe in case you lose your phone."),
			new Topic("storage-quota", "Storage quota and what counts against it",
					"Every file you own counts against your storage quota, including files in the trash.",
					"Files that others shared with you count against their quota, not yours.",
					"Empty the trash or upgrade your plan when you are close to the limit."));

	private static final List<String> ARTICLE_NOTES = List.of(
			"This article applies to the Free, Pro and Business plans unless a section says otherwise.",
			"Screenshots show the web app; the desktop and mobile apps use the same names for every menu.",
			"Business plan admins can turn off some of these options for their whole organization.",
			"Changes made on one device reach your other devices within a few seconds when they are online.",
			"If an option described here is missing, ask your admin whether it was turned off for your team.",
			"The activity log under Settings keeps a record of every change for one hundred and eighty days.");

	private static final List<String> TICKET_NOTES = List.of(
			"Customer confirmed the steps worked and the ticket was closed as solved.",
			"Agent checked the account's audit log before replying and found nothing unusual.",
			"Customer was on the mobile app; the same steps apply there from the three-dot menu.",
			"Agent linked the relevant help center article and offered a follow-up call.",
			"Issue reproduced on the web app in Chrome and Firefox; no browser-specific behaviour.",
			"Customer satisfaction survey answered: resolved on first contact.");

	private SupportCorpus() {
	}

	static List<Document> documents(String source) {
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < TOPICS.size(); i++) {
			Topic topic = TOPICS.get(i);
			documents.add(new Document(source + "-" + topic.id(), source, title(source, topic.title()),
					text(source, topic, i), 0));
		}
		return documents;
	}

	private static String title(String source, String title) {
		return switch (source) {
			case "faq" -> "FAQ: " + title;
			case "ticket" -> "Solved ticket: " + title;
			default -> title;
		};
	}

	private static String text(String source, Topic topic, int offset) {
		List<String> notes = "ticket".equals(source) ? TICKET_NOTES : ARTICLE_NOTES;
		StringBuilder text = new StringBuilder(DOCUMENT_BYTES + 200);
		for (int paragraph = 0; text.length() < DOCUMENT_BYTES; paragraph++) {
			for (int i = 0; i < topic.sentences().size(); i++) {
				text.append(topic.sentences().get((paragraph + i) % topic.sentences().size())).append(' ');
			}
			text.append(notes.get((offset + paragraph) % notes.size())).append(' ');
		}
		return text.toString().trim();
	}

	private record Topic(String id, String title, List<String> sentences) {

		Topic(String id, String title, String... sentences) {
			this(id, title, List.of(sentences));
		}

	}

}
