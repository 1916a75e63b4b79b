"""1EdTech Open Badges 3.0: AchievementCredential (alias OpenBadgeCredential) and its parts.

Required properties, JSON types and value sets are those of the official JSON Schema
(``ob_v3p0_achievementcredential_schema``); the ``type`` members each class must carry are
those its ``type`` description states ("One of the items MUST be the IRI 'Profile'"), and
'Achievement' for Achievement (the data model table says so; the schema's description is
empty). Objects the schema closes (``additionalProperties: false``) are closed here too;
all others keep extension properties.

Changes from the draft-4 copy of the schema, each in the later OB 3.0 releases: dates
by VC version (see ``vc.CredentialBase``); ``credentialStatus`` open (status list entries
carry ``statusPurpose``, ``statusListIndex``, ``statusListCredential``); AchievementSubject
open (the official validator accepts a subject with ``name``); EndorsementCredential also
names ``name``, ``description``, ``awardedDate``, ``validFrom``, ``validUntil`` and
``termsOfUse``; ``@context`` items may be context objects.
"""

from __future__ import annotations

from pydantic import ConfigDict, Field

from ._base import (
    ClosedModel,
    CompactJws,
    Context,
    DateTime,
    Enum,
    EnumExt,
    LanguageCode,
    LDModel,
    Number,
    OneOrMany,
    TypeExactly,
    TypeIncluding,
    opt,
)
from .vc import (
    CredentialBase,
    CredentialSchema,
    CredentialStatus,
    Proof,
    RefreshService,
    TermsOfUse,
)

# --- value sets (OB 3.0 §B.2 "Derived types" and enumerations) -----------------------

ACHIEVEMENT_TYPES = (
    "Achievement",
    "ApprenticeshipCertificate",
    "Assessment",
    "Assignment",
    "AssociateDegree",
    "Award",
    "Badge",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "Competency",
    "Course",
    "CoCurricular",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "Membership",
    "ProfessionalDoctorate",
    "QualityAssuranceCredential",
    "MasterCertificate",
    "MasterDegree",
    "MicroCredential",
    "ResearchDoctorate",
    "SecondarySchoolDiploma",
)
# Alignment.targetType: CASE items and rubrics (CF*), CTDL credentials and competencies.
# O*NET codes go in targetCode with targetFramework naming O*NET and an ext: targetType
# (see docs/credentials.md).
ALIGNMENT_TARGET_TYPES = (
    "ceasn:Competency",
    "ceterms:Credential",
    "CFItem",
    "CFRubric",
    "CFRubricCriterion",
    "CFRubricCriterionLevel",
    "CTDL",
)
IDENTIFIER_TYPES = (
    "sourcedId",
    "systemId",
    "productId",
    "userName",
    "accountId",
    "emailAddress",
    "nationalIdentityNumber",
    "isbn",
    "issn",
    "lisSourcedId",
    "oneRosterSourcedId",
    "sisSourcedId",
    "ltiContextId",
    "ltiDeploymentId",
    "ltiToolId",
    "ltiPlatformId",
    "ltiUserId",
    "identifier",
)
RESULT_TYPES = (
    "GradePointAverage",
    "LetterGrade",
    "Percent",
    "PerformanceLevel",
    "PredictedScore",
    "RawScore",
    "Result",
    "RubricCriterion",
    "RubricCriterionLevel",
    "RubricScore",
    "ScaledScore",
    "Status",
)
# Closed: the schema gives no extension branch for a result's status.
RESULT_STATUS_TYPES = ("Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Withdrew")

AchievementType = EnumExt("AchievementType", ACHIEVEMENT_TYPES)
AlignmentTargetType = EnumExt("AlignmentTargetType", ALIGNMENT_TARGET_TYPES)
IdentifierType = EnumExt("IdentifierTypeEnum", IDENTIFIER_TYPES)
ResultType = EnumExt("ResultType", RESULT_TYPES)
ResultStatusType = Enum("ResultStatusType", RESULT_STATUS_TYPES)

OB_CREDENTIAL_TYPES = ("AchievementCredential", "OpenBadgeCredential")


# --- small parts -------------------------------------------------------------------


class Image(ClosedModel):
    id: str
    type: TypeExactly("Image")  # type: ignore[valid-type]
    caption: str | None = opt()


class GeoCoordinates(ClosedModel):
    type: TypeExactly("GeoCoordinates")  # type: ignore[valid-type]
    latitude: Number
    longitude: Number


class Address(ClosedModel):
    type: TypeIncluding("Address")  # type: ignore[valid-type]
    address_country: str | None = opt()
    address_country_code: str | None = opt()
    address_region: str | None = opt()
    address_locality: str | None = opt()
    street_address: str | None = opt()
    post_office_box_number: str | None = opt()
    postal_code: str | None = opt()
    geo: GeoCoordinates | None = opt()


class IdentifierEntry(ClosedModel):
    type: TypeExactly("IdentifierEntry")  # type: ignore[valid-type]
    identifier: str
    identifier_type: IdentifierType  # type: ignore[valid-type]


class IdentityObject(ClosedModel):
    """A recipient identifier, plain or hashed (``sha256$...``, ``md5$...``)."""

    type: TypeExactly("IdentityObject")  # type: ignore[valid-type]
    hashed: bool
    identity_hash: str
    identity_type: IdentifierType  # type: ignore[valid-type]
    salt: str | None = opt()


class Criteria(LDModel):
    id: str | None = opt()
    narrative: str | None = opt()


class Alignment(LDModel):
    """A link to a skill, competency or credential in a framework (CASE, CTDL, O*NET...)."""

    type: TypeIncluding("Alignment")  # type: ignore[valid-type]
    target_code: str | None = opt()
    target_description: str | None = opt()
    target_name: str
    target_framework: str | None = opt()
    target_type: AlignmentTargetType | None = opt()  # type: ignore[valid-type]
    target_url: str


class Related(ClosedModel):
    id: str
    language: LanguageCode | None = opt("@language")
    version: str | None = opt()


class RubricCriterionLevel(LDModel):
    id: str
    type: TypeIncluding("RubricCriterionLevel")  # type: ignore[valid-type]
    alignment: list[Alignment] | None = opt()
    description: str | None = opt()
    level: str | None = opt()
    name: str
    points: str | None = opt()


class ResultDescription(LDModel):
    id: str
    type: TypeIncluding("ResultDescription")  # type: ignore[valid-type]
    alignment: list[Alignment] | None = opt()
    allowed_value: list[str] | None = opt()
    name: str
    required_level: str | None = opt()
    required_value: str | None = opt()
    result_type: ResultType  # type: ignore[valid-type]
    rubric_criterion_level: list[RubricCriterionLevel] | None = opt()
    value_max: str | None = opt()
    value_min: str | None = opt()


class Result(LDModel):
    type: TypeIncluding("Result")  # type: ignore[valid-type]
    achieved_level: str | None = opt()
    alignment: list[Alignment] | None = opt()
    result_description: str | None = opt()
    status: ResultStatusType | None = opt()  # type: ignore[valid-type]
    value: str | None = opt()


class Evidence(LDModel):
    id: str | None = opt()
    type: TypeIncluding("Evidence")  # type: ignore[valid-type]
    narrative: str | None = opt()
    name: str | None = opt()
    description: str | None = opt()
    genre: str | None = opt()
    audience: str | None = opt()


# --- Profile and endorsements (mutually recursive) ------------------------------------


class Profile(LDModel):
    """An issuer, creator, endorser or source: a person or an organization."""

    id: str
    type: TypeIncluding("Profile")  # type: ignore[valid-type]
    name: str | None = opt()
    url: str | None = opt()
    phone: str | None = opt()
    description: str | None = opt()
    endorsement: list[EndorsementCredential] | None = opt()
    endorsement_jwt: list[CompactJws] | None = opt()
    image: Image | None = opt()
    email: str | None = opt()
    address: Address | None = opt()
    other_identifier: list[IdentifierEntry] | None = opt()
    official: str | None = opt()
    parent_org: Profile | None = opt()
    family_name: str | None = opt()
    given_name: str | None = opt()
    additional_name: str | None = opt()
    patronymic_name: str | None = opt()
    honorific_prefix: str | None = opt()
    honorific_suffix: str | None = opt()
    family_name_prefix: str | None = opt()
    date_of_birth: str | None = opt()


class EndorsementSubject(ClosedModel):
    id: str
    type: TypeIncluding("EndorsementSubject")  # type: ignore[valid-type]
    endorsement_comment: str | None = opt()


class _OBCredential(CredentialBase):
    """What OB 3.0 and CLR 2.0 credentials share: a Profile issuer, arrays of schemas."""

    context: Context = Field(alias="@context")
    issuer: Profile
    credential_status: CredentialStatus | None = opt()
    credential_schema: list[CredentialSchema] | None = opt()
    refresh_service: RefreshService | None = opt()
    proof: OneOrMany(Proof) | None = opt()  # type: ignore[valid-type]


class EndorsementCredential(_OBCredential):
    """A third party's claim about an issuer, an achievement or a credential."""

    model_config = ConfigDict(extra="forbid")

    id: str
    type: TypeIncluding("VerifiableCredential", "EndorsementCredential")  # type: ignore[valid-type]
    name: str | None = opt()
    description: str | None = opt()
    credential_subject: EndorsementSubject
    awarded_date: DateTime | None = opt()


# --- the achievement and the credential ------------------------------------------------


class Achievement(LDModel):
    """What was accomplished: the badge class of OB 2.0."""

    id: str
    type: TypeIncluding("Achievement")  # type: ignore[valid-type]
    alignment: list[Alignment] | None = opt()
    achievement_type: AchievementType | None = opt()  # type: ignore[valid-type]
    creator: Profile | None = opt()
    credits_available: Number | None = opt()
    criteria: Criteria
    description: str
    endorsement: list[EndorsementCredential] | None = opt()
    endorsement_jwt: list[CompactJws] | None = opt()
    field_of_study: str | None = opt()
    human_code: str | None = opt()
    image: Image | None = opt()
    language: LanguageCode | None = opt("@language")
    name: str
    other_identifier: list[IdentifierEntry] | None = opt()
    related: list[Related] | None = opt()
    result_description: list[ResultDescription] | None = opt()
    specialization: str | None = opt()
    tag: list[str] | None = opt()
    version: str | None = opt()


class AchievementSubject(LDModel):
    """The learner and what they achieved (the VC's credentialSubject)."""

    id: str | None = opt()
    type: TypeIncluding("AchievementSubject")  # type: ignore[valid-type]
    activity_end_date: DateTime | None = opt()
    activity_start_date: DateTime | None = opt()
    credits_earned: Number | None = opt()
    achievement: Achievement
    identifier: list[IdentityObject] | None = opt()
    image: Image | None = opt()
    license_number: str | None = opt()
    narrative: str | None = opt()
    result: list[Result] | None = opt()
    role: str | None = opt()
    source: Profile | None = opt()
    term: str | None = opt()


class AchievementCredential(_OBCredential):
    """An Open Badges 3.0 credential (``OpenBadgeCredential`` is the same class)."""

    id: str
    type: TypeIncluding("VerifiableCredential", OB_CREDENTIAL_TYPES)  # type: ignore[valid-type]
    name: str
    description: str | None = opt()
    image: Image | None = opt()
    credential_subject: AchievementSubject
    endorsement: list[EndorsementCredential] | None = opt()
    endorsement_jwt: list[CompactJws] | None = opt()
    evidence: list[Evidence] | None = opt()
    awarded_date: DateTime | None = opt()


OpenBadgeCredential = AchievementCredential

# Profile and EndorsementCredential refer to each other.
for _m in (Profile, EndorsementSubject, EndorsementCredential, Achievement, AchievementSubject):
    _m.model_rebuild()


__all__ = [
    "ACHIEVEMENT_TYPES",
    "ALIGNMENT_TARGET_TYPES",
    "IDENTIFIER_TYPES",
    "OB_CREDENTIAL_TYPES",
    "RESULT_STATUS_TYPES",
    "RESULT_TYPES",
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Address",
    "Alignment",
    "Criteria",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "GeoCoordinates",
    "IdentifierEntry",
    "IdentityObject",
    "Image",
    "OpenBadgeCredential",
    "Profile",
    "Related",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "TermsOfUse",
]
