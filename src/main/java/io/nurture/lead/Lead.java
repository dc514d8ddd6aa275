package io.nurture.lead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.nurture.scoring.ScoringProfile;

/** A person in the funnel: contact data, the sources it came from, and its stage. */
@Table("leads")
public class Lead extends AbstractAggregateRoot<Lead> {

	@Id
	private final String id;
	private final String email;
	private final String emailNormalized;
	private String firstName;
	private String lastName;
	private String company;
	private Integer companySize;
	private String jobTitle;
	private String industry;
	private String phone;
	private String country;
	private String language;
	private String timeZone;
	private Stage stage;
	@MappedCollection(idColumn = "lead_id", keyColumn = "position")
	private final List<LeadSource> sources;
	private final Instant createdAt;
	private Instant updatedAt;
	@Version
	private Long version;

	@PersistenceCreator
	Lead(String id, String email, String emailNormalized, String firstName, String lastName, String company,
			Integer companySize, String jobTitle, String industry, String phone, String country, String language, String timeZone,
			Stage stage, List<LeadSource> sources, Instant createdAt, Instant updatedAt, Long version) {
		this.id = id;
		this.email = email;
		this.emailNormalized = emailNormalized;
		this.firstName = firstName;
		this.lastName = lastName;
		this.company = company;
		this.companySize = companySize;
		this.jobTitle = jobTitle;
		this.industry = industry;
		this.phone = phone;
		this.country = country;
		this.language = language;
		this.timeZone = timeZone;
		this.stage = stage;
		this.sources = new ArrayList<>(sources);
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
		this.version = version;
	}

	/** A new lead: a Subscriber when we know only the address, a Lead as soon as we know who it is. */
	static Lead capture(NewLead data, Instant now) {
		boolean knownPerson = data.firstName() != null || data.lastName() != null || data.company() != null;
		Stage stage = knownPerson ? Stage.LEAD : Stage.SUBSCRIBER;
		Lead lead = new Lead(UUID.randomUUID().toString(), data.email().trim(), normalize(data.email()),
				data.firstName(), data.lastName(), data.company(), data.companySize(), data.jobTitle(), data.industry(), data.phone(),
				data.country(), data.language(), data.timeZone(), stage, List.of(new LeadSource(data.source(), data.campaign(), now)), now, now, null);
		lead.registerEvent(new LeadStageChanged(lead.id, null, stage, "Captured via " + data.source()));
		return lead;
	}

	/** Addresses compare without case and surrounding blanks. */
	static String normalize(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	/** Captured again: remember the new channel and fill in what we did not know, never overwrite what we did. */
	void recapture(NewLead data, Instant now) {
		sources.add(new LeadSource(data.source(), data.campaign(), now));
		firstName = firstName != null ? firstName : data.firstName();
		lastName = lastName != null ? lastName : data.lastName();
		company = company != null ? company : data.company();
		companySize = companySize != null ? companySize : data.companySize();
		jobTitle = jobTitle != null ? jobTitle : data.jobTitle();
		industry = industry != null ? industry : data.industry();
		phone = phone != null ? phone : data.phone();
		country = country != null ? country : data.country();
		language = language != null ? language : data.language();
		timeZone = timeZone != null ? timeZone : data.timeZone();
		updatedAt = now;
	}

	/** Moves the lead to another stage, refusing moves the funnel does not allow. */
	void moveTo(Stage target, String cause, Instant now) {
		if (target == stage) {
			return;
		}
		if (!stage.next().contains(target)) {
			throw new IllegalStageChangeException(id, stage, target);
		}
		Stage from = stage;
		stage = target;
		updatedAt = now;
		registerEvent(new LeadStageChanged(id, from, target, cause));
	}

	/** Sales can only work with a lead it can call: name, email and phone known. */
	public boolean isReachable() {
		return firstName != null && lastName != null && phone != null;
	}

	/** The lead as an email to it sees it. */
	public Recipient recipient() {
		return new Recipient(id, email, firstName, lastName, company, jobTitle, industry, country, language);
	}

	/** What the fit rules read: the address's domain, not the address, and no names. */
	public ScoringProfile scoringProfile() {
		return new ScoringProfile(emailNormalized.substring(emailNormalized.indexOf('@') + 1), jobTitle, industry,
				companySize, country, isReachable());
	}

	public Integer getCompanySize() {
		return companySize;
	}

	public String getId() {
		return id;
	}

	public String getEmail() {
		return email;
	}

	public String getFirstName() {
		return firstName;
	}

	public String getLastName() {
		return lastName;
	}

	public String getCompany() {
		return company;
	}

	public String getJobTitle() {
		return jobTitle;
	}

	public String getIndustry() {
		return industry;
	}

	public String getPhone() {
		return phone;
	}

	public String getCountry() {
		return country;
	}

	public String getLanguage() {
		return language;
	}

	/** The lead's IANA time zone id, such as Europe/Berlin; null when the lead did not give one. */
	public String getTimeZone() {
		return timeZone;
	}

	public Stage getStage() {
		return stage;
	}

	public List<LeadSource> getSources() {
		return List.copyOf(sources);
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	String getEmailNormalized() {
		return emailNormalized;
	}
}
