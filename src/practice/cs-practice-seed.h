/* cs-practice-seed.h: the practice org's seeded schema, from
 * standard-objects.md, and the generated objects of scale tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-practice-schema.h"

G_BEGIN_DECLS

/* Lead, Contact, Account, Opportunity, OpportunityContactRole, Campaign,
 * CampaignMember, User, Task, Event and Profile, with the Marketo custom
 * fields, the seeded field-level security and object permissions. */
void cs_practice_seed_schema              (CsPracticeSchema *schema);

/* Generated_N__c objects with @n_fields custom fields each. */
void cs_practice_seed_generated_objects   (CsPracticeSchema *schema,
                                           guint             n_objects,
                                           guint             n_fields);

G_END_DECLS
