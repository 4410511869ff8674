/**
 * Companies and contacts between Bitrix24 and Visitflow: the mirror's import (full, per
 * event, modified since), and card edits saved to Bitrix24 by the IDs of their
 * multi-field entries.
 */
package ru.visitflow.bitrix24.company;
