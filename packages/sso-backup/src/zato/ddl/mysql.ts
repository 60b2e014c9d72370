/**
 * Zato 3.2 SSO DDL for mysql, verbatim as SQLAlchemy 1.3.19 emits it for Zato's models
 * (the reference in shared/reference/zato-sso, embedded so nothing is read at run time).
 */
export const ZATO_SSO_DDL_MYSQL = `-- SQLAlchemy 1.3.19 dialect mysql
CREATE TABLE zato_sso_group (
	id INTEGER NOT NULL AUTO_INCREMENT, 
	is_active BOOL NOT NULL, 
	is_internal BOOL NOT NULL, 
	group_id VARCHAR(191) NOT NULL, 
	name VARCHAR(191) NOT NULL, 
	source VARCHAR(191) NOT NULL, 
	opaque1 TEXT, 
	parent_id INTEGER, 
	PRIMARY KEY (id), 
	CONSTRAINT zato_g_name_uq UNIQUE (name, source), 
	CONSTRAINT zato_g_gid_uq UNIQUE (group_id), 
	CHECK (is_active IN (0, 1)), 
	CHECK (is_internal IN (0, 1)), 
	FOREIGN KEY(parent_id) REFERENCES zato_sso_group (id) ON DELETE CASCADE
);

CREATE TABLE zato_sso_user (
	id INTEGER NOT NULL AUTO_INCREMENT, 
	user_id VARCHAR(191) NOT NULL, 
	is_active BOOL NOT NULL, 
	is_internal BOOL NOT NULL, 
	is_super_user BOOL NOT NULL, 
	is_locked BOOL NOT NULL, 
	locked_time DATETIME, 
	creation_ctx TEXT NOT NULL, 
	locked_by VARCHAR(191), 
	approval_status VARCHAR(191) NOT NULL, 
	approval_status_mod_time DATETIME NOT NULL, 
	approval_status_mod_by VARCHAR(191) NOT NULL, 
	username VARCHAR(191) NOT NULL, 
	password TEXT NOT NULL, 
	password_is_set BOOL NOT NULL, 
	password_must_change BOOL NOT NULL, 
	password_last_set DATETIME NOT NULL, 
	password_expiry DATETIME NOT NULL, 
	sign_up_status VARCHAR(191) NOT NULL, 
	sign_up_time DATETIME NOT NULL, 
	sign_up_confirm_time DATETIME, 
	sign_up_confirm_token VARCHAR(191) NOT NULL, 
	email TEXT, 
	display_name VARCHAR(191), 
	first_name VARCHAR(191), 
	middle_name VARCHAR(191), 
	last_name VARCHAR(191), 
	display_name_upper VARCHAR(191), 
	first_name_upper VARCHAR(191), 
	middle_name_upper VARCHAR(191), 
	last_name_upper VARCHAR(191), 
	is_rate_limit_active BOOL, 
	rate_limit_type VARCHAR(40), 
	rate_limit_def TEXT, 
	rate_limit_check_parent_def BOOL, 
	is_totp_enabled BOOL NOT NULL DEFAULT false, 
	totp_key TEXT, 
	totp_label TEXT, 
	opaque1 TEXT, 
	PRIMARY KEY (id), 
	CONSTRAINT zato_u_usrn_uq UNIQUE (username), 
	CONSTRAINT zato_user_id_uq UNIQUE (user_id), 
	CHECK (is_active IN (0, 1)), 
	CHECK (is_internal IN (0, 1)), 
	CHECK (is_super_user IN (0, 1)), 
	CHECK (is_locked IN (0, 1)), 
	CHECK (password_is_set IN (0, 1)), 
	CHECK (password_must_change IN (0, 1)), 
	CHECK (is_rate_limit_active IN (0, 1)), 
	CHECK (rate_limit_check_parent_def IN (0, 1)), 
	CHECK (is_totp_enabled IN (0, 1))
);
CREATE INDEX zato_u_alln_idx ON zato_sso_user (first_name_upper, middle_name_upper, last_name_upper);
CREATE INDEX zato_u_appr_stat_idx ON zato_sso_user (approval_status);
CREATE INDEX zato_u_dspn_idx ON zato_sso_user (display_name_upper);
CREATE INDEX zato_u_email_idx ON zato_sso_user (email(767));
CREATE INDEX zato_u_lastn_idx ON zato_sso_user (last_name_upper);
CREATE UNIQUE INDEX zato_u_sigctok_idx ON zato_sso_user (sign_up_confirm_token);
CREATE INDEX zato_u_sigst_idx ON zato_sso_user (sign_up_status);

CREATE TABLE zato_sso_linked_auth (
	id INTEGER NOT NULL AUTO_INCREMENT, 
	is_active BOOL NOT NULL, 
	is_internal BOOL NOT NULL, 
	creation_time DATETIME NOT NULL, 
	last_modified DATETIME, 
	has_ext_principal BOOL NOT NULL, 
	auth_type TEXT(191) NOT NULL, 
	auth_id INTEGER, 
	auth_principal TEXT(191), 
	auth_source TEXT NOT NULL, 
	opaque1 TEXT, 
	user_id VARCHAR(191) NOT NULL, 
	PRIMARY KEY (id), 
	CHECK (is_active IN (0, 1)), 
	CHECK (is_internal IN (0, 1)), 
	CHECK (has_ext_principal IN (0, 1)), 
	FOREIGN KEY(user_id) REFERENCES zato_sso_user (user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX auth_idx ON zato_sso_linked_auth (auth_type(191), user_id(191), auth_id, auth_principal(191));

CREATE TABLE zato_sso_password_reset (
	id INTEGER NOT NULL AUTO_INCREMENT, 
	creation_time DATETIME NOT NULL, 
	expiration_time DATETIME NOT NULL, 
	creation_ctx TEXT NOT NULL, 
	token VARCHAR(191) NOT NULL, 
	type_ VARCHAR(191) NOT NULL, 
	reset_key VARCHAR(191) NOT NULL, 
	reset_key_exp_time DATETIME NOT NULL, 
	has_been_accessed BOOL NOT NULL, 
	access_time DATETIME, 
	access_ctx TEXT, 
	is_password_reset BOOL NOT NULL, 
	password_reset_time DATETIME, 
	password_reset_ctx TEXT, 
	opaque1 TEXT, 
	user_id VARCHAR(191) NOT NULL, 
	PRIMARY KEY (id), 
	CHECK (has_been_accessed IN (0, 1)), 
	CHECK (is_password_reset IN (0, 1)), 
	FOREIGN KEY(user_id) REFERENCES zato_sso_user (user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX zato_prt_value_type ON zato_sso_password_reset (token, type_);

CREATE TABLE zato_sso_session (
	id INTEGER NOT NULL AUTO_INCREMENT, 
	ust VARCHAR(191) NOT NULL, 
	creation_time DATETIME NOT NULL, 
	expiration_time DATETIME NOT NULL, 
	remote_addr TEXT NOT NULL, 
	user_agent TEXT NOT NULL, 
	auth_type TEXT NOT NULL, 
	auth_principal TEXT NOT NULL, 
	ext_session_id TEXT, 
	opaque1 TEXT, 
	user_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES zato_sso_user (id) ON DELETE CASCADE
);
CREATE INDEX zato_sso_extsi_idx ON zato_sso_session (ext_session_id(767));
CREATE UNIQUE INDEX zato_sso_sust_idx ON zato_sso_session (ust);

CREATE TABLE zato_sso_user_group (
	id INTEGER NOT NULL AUTO_INCREMENT, 
	opaque1 TEXT, 
	user_id INTEGER NOT NULL, 
	group_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT zato_ug_id_uq UNIQUE (user_id, group_id), 
	FOREIGN KEY(user_id) REFERENCES zato_sso_user (id) ON DELETE CASCADE, 
	FOREIGN KEY(group_id) REFERENCES zato_sso_group (id) ON DELETE CASCADE
);

CREATE TABLE zato_sso_attr (
	id INTEGER NOT NULL AUTO_INCREMENT, 
	creation_time DATETIME NOT NULL, 
	last_modified DATETIME, 
	expiration_time DATETIME, 
	is_session_attr BOOL NOT NULL, 
	is_encrypted BOOL NOT NULL, 
	serial_method VARCHAR(20) NOT NULL, 
	name VARCHAR(191) NOT NULL, 
	value TEXT, 
	_ust_string VARCHAR(191) NOT NULL, 
	opaque1 TEXT, 
	user_id VARCHAR(191) NOT NULL, 
	ust VARCHAR(191), 
	PRIMARY KEY (id), 
	CONSTRAINT zato_attr_name_uq UNIQUE (name, is_session_attr, user_id, _ust_string), 
	CHECK (is_session_attr IN (0, 1)), 
	CHECK (is_encrypted IN (0, 1)), 
	FOREIGN KEY(user_id) REFERENCES zato_sso_user (user_id) ON DELETE CASCADE, 
	FOREIGN KEY(ust) REFERENCES zato_sso_session (ust) ON DELETE CASCADE
);
CREATE INDEX zato_attr_usr ON zato_sso_attr (user_id);
CREATE INDEX zato_attr_usr_name ON zato_sso_attr (user_id, name);
CREATE INDEX zato_attr_usr_ust ON zato_sso_attr (user_id, ust);
CREATE UNIQUE INDEX zato_attr_usr_ust_name ON zato_sso_attr (user_id, ust, name);

`;
